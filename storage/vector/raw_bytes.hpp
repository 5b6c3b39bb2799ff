#pragma once
// Fixed-size values appended to and read off a byte string as the host lays
// them out: the headers of the vector files (index snapshots, serialized
// indexes), which are read back on the machine kind that wrote them.

#include <cstring>
#include <string>
#include <string_view>

namespace ds::storage::raw_bytes {

template <class T>
void put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

/// Reads a `T` off the front of `bytes`; false (and `bytes` untouched) when
/// fewer than sizeof(T) bytes are left.
template <class T>
bool take(std::string_view& bytes, T& value) {
  if (bytes.size() < sizeof value) return false;
  std::memcpy(&value, bytes.data(), sizeof value);
  bytes.remove_prefix(sizeof value);
  return true;
}

}  // namespace ds::storage::raw_bytes
