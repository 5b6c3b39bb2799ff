#include "protocol/wire/envelope.hpp"

#include <cstdint>
#include <cstring>

namespace ds::wire {

Envelope Envelope::allocate(std::size_t count, capnp::word*& out) {
  auto words = std::make_shared_for_overwrite<capnp::word[]>(count);
  out = words.get();
  Envelope envelope;
  envelope.words_ = std::move(words);
  envelope.size_ = count;
  return envelope;
}

// Writes the standard flat serialization (capnp's messageToFlatArray) straight
// into the shared buffer, saving the intermediate array: a segment table of
// 32-bit little-endian words (count - 1, then each segment's size in words,
// padded to a whole word), followed by the segments.
Envelope::Envelope(capnp::MessageBuilder& message) {
  auto segments = message.getSegmentsForOutput();
  std::size_t table_words = segments.size() / 2 + 1;
  std::size_t total = table_words;
  for (auto segment : segments)
    total += segment.size();
  capnp::word* out = nullptr;
  *this = allocate(total, out);
  auto* table = reinterpret_cast<uint32_t*>(out);
  table[0] = static_cast<uint32_t>(segments.size() - 1);
  for (std::size_t i = 0; i < segments.size(); ++i)
    table[i + 1] = static_cast<uint32_t>(segments[i].size());
  if (segments.size() % 2 == 0) table[segments.size() + 1] = 0;  // padding
  out += table_words;
  for (auto segment : segments) {
    std::memcpy(out, segment.begin(), segment.size() * sizeof(capnp::word));
    out += segment.size();
  }
}

Result<Envelope> Envelope::from_bytes(const void* data, std::size_t size) {
  if (size % sizeof(capnp::word) != 0)
    return make_error(errc::malformed_message, "message of " + std::to_string(size) +
                                                   " bytes is not a whole number of 8-byte words");
  if (size == 0) return Envelope{};
  capnp::word* out = nullptr;
  auto envelope = allocate(size / sizeof(capnp::word), out);
  std::memcpy(out, data, size);
  return envelope;
}

kj::ArrayPtr<const capnp::word> Envelope::words() const noexcept {
  return kj::arrayPtr(words_.get(), size_);
}

std::vector<char> Envelope::to_bytes() const {
  auto bytes = words().asBytes();
  return {reinterpret_cast<const char*>(bytes.begin()), reinterpret_cast<const char*>(bytes.end())};
}

}  // namespace ds::wire
