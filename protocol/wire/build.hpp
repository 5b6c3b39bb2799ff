#pragma once

// Building a Cap'n Proto message straight into an Envelope.

#include <cstddef>
#include <utility>

#include <capnp/message.h>

#include "protocol/wire/envelope.hpp"

namespace ds::wire {

/// Small messages (headers, pings, errors) fit the stack scratch segment, so
/// building one costs no heap allocation until the final flat copy; larger
/// ones grow into heap segments. Kept small because it is zeroed per message.
inline constexpr std::size_t kScratchWords = 64;

/// Calls `fill(Schema::Builder)` on a fresh message and returns it flattened.
template <class Schema, class Fill>
Envelope build(Fill&& fill) {
  capnp::word scratch[kScratchWords]{};  // Cap'n Proto requires zeroed scratch space
  capnp::MallocMessageBuilder message(kj::arrayPtr(scratch, kScratchWords));
  std::forward<Fill>(fill)(message.initRoot<Schema>());
  return Envelope(message);
}

}  // namespace ds::wire

namespace ds::wire {

/// A message whose root is a deep copy of `root` (a struct read elsewhere).
template <class Schema>
Envelope copy(typename Schema::Reader root) {
  capnp::MallocMessageBuilder message;
  message.setRoot(root);
  return Envelope(message);
}

}  // namespace ds::wire
