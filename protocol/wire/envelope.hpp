#pragma once

// The one C++ type that carries a Cap'n Proto message inside a CAF message.
// In-process it is never copied (CAF messages are reference counted and the
// buffer is immutable); across processes CAF serializes it as bytes through
// its `inspect` overload.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <caf/error.hpp>
#include <caf/meta/load_callback.hpp>
#include <caf/meta/type_name.hpp>
#include <capnp/common.h>
#include <capnp/message.h>
#include <kj/array.h>

#include "common/result.hpp"

namespace ds::wire {

/// An owned, word-aligned, immutable flat Cap'n Proto message (segment table
/// followed by the segments, as written by capnp::messageToFlatArray).
/// Copies share the buffer. Holding an Envelope says nothing about whether its
/// bytes are a valid message: read it with ds::wire::read, which checks.
class Envelope {
 public:
  /// An empty envelope (no bytes). ds::wire::read rejects it as malformed.
  Envelope() = default;

  /// Flattens `message` into a new buffer (one copy of its segments).
  explicit Envelope(capnp::MessageBuilder& message);

  /// Copies raw bytes received from elsewhere into an aligned buffer. Fails
  /// when `size` is not a whole number of 8-byte words; says nothing about
  /// the content.
  static Result<Envelope> from_bytes(const void* data, std::size_t size);

  /// The message's words, valid while this envelope (or a copy) lives.
  kj::ArrayPtr<const capnp::word> words() const noexcept;
  std::size_t size_bytes() const noexcept { return words().size() * sizeof(capnp::word); }
  bool empty() const noexcept { return words().size() == 0; }

  /// The bytes as they go on the wire.
  std::vector<char> to_bytes() const;

 private:
  /// An uninitialised buffer of `count` words, filled by the caller before
  /// the envelope is shared.
  static Envelope allocate(std::size_t count, capnp::word*& out);

  // shared_ptr: copies of one CAF message, possibly on several threads, share
  // this buffer; it is immutable once built. One allocation holds both the
  // count and the words.
  std::shared_ptr<const capnp::word[]> words_;
  std::size_t size_ = 0;  // in words
};

/// CAF serialization: a byte sequence. Loading copies the bytes into a fresh
/// aligned buffer; bytes that are not whole words load as an empty envelope,
/// which every reader rejects with errc::malformed_message.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, Envelope& x) {
  std::vector<char> bytes;
  if constexpr (Inspector::reads_state) {
    bytes = x.to_bytes();
    return f(caf::meta::type_name("ds.wire.Envelope"), bytes);
  } else {
    auto adopt = [&]() -> caf::error {
      auto loaded = Envelope::from_bytes(bytes.data(), bytes.size());
      x = loaded.ok() ? std::move(loaded).value() : Envelope{};
      return caf::none;
    };
    return f(caf::meta::type_name("ds.wire.Envelope"), bytes, caf::meta::load_callback(adopt));
  }
}

}  // namespace ds::wire
