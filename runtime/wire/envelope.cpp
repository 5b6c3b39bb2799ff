#include "runtime/wire/envelope.hpp"

#include <capnp/serialize.h>

#include <cstring>

namespace ds::wire {

Envelope::Envelope(kj::Array<capnp::word> words)
    : words_(std::make_shared<const kj::Array<capnp::word>>(std::move(words))) {}

Envelope::Envelope(capnp::MessageBuilder& message) : Envelope(capnp::messageToFlatArray(message)) {}

Result<Envelope> Envelope::from_bytes(const void* data, std::size_t size) {
  if (size % sizeof(capnp::word) != 0)
    return make_error(errc::malformed_message,
                      "message of " + std::to_string(size) +
                          " bytes is not a whole number of 8-byte words");
  auto words = kj::heapArray<capnp::word>(size / sizeof(capnp::word));
  if (size > 0) std::memcpy(words.begin(), data, size);
  return Envelope(std::move(words));
}

kj::ArrayPtr<const capnp::word> Envelope::words() const noexcept {
  if (!words_) return {};
  return words_->asPtr();
}

std::vector<char> Envelope::to_bytes() const {
  auto bytes = words().asBytes();
  return {reinterpret_cast<const char*>(bytes.begin()), reinterpret_cast<const char*>(bytes.end())};
}

}  // namespace ds::wire
