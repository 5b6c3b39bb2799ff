#pragma once

// The only way to read a Cap'n Proto message out of an Envelope: with explicit
// traversal and nesting limits, and with every decoding failure (truncation,
// bad pointers, limits exceeded) turned into an errc::malformed_message value.

#include <cstdint>
#include <type_traits>
#include <utility>

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <kj/exception.h>

#include "common/result.hpp"
#include "protocol/wire/envelope.hpp"

namespace ds::wire {

/// Bounds on the work a reader may do for one message. Cap'n Proto checks
/// pointers lazily, as fields are read; these limits stop amplification
/// (many pointers to the same data) and deep or cyclic nesting.
struct ReadLimits {
  uint64_t traversal_limit_words = uint64_t{8} << 20;  ///< 64 MiB of words visited
  int nesting_limit = 64;                              ///< structs/lists within each other
};

namespace detail {
Error malformed(const kj::Exception& e);
Error empty_message();
capnp::ReaderOptions reader_options(const ReadLimits& limits);

template <class T>
struct is_result : std::false_type {};
template <class T>
struct is_result<Result<T>> : std::true_type {};
}  // namespace detail

/// Decodes `envelope` as a `Schema` root and calls `visit(Schema::Reader)`.
/// The reader is valid only inside `visit`: copy out what you keep. All field
/// access must happen inside `visit`, because that is where decoding errors
/// surface. Returns what `visit` returns, wrapped in a Result (a visitor that
/// already returns a Result is not wrapped twice).
template <class Schema, class Visitor>
auto read(const Envelope& envelope, Visitor&& visit, const ReadLimits& limits = {}) {
  using Returned = std::invoke_result_t<Visitor, typename Schema::Reader>;
  using Out = std::conditional_t<detail::is_result<Returned>::value, Returned, Result<Returned>>;
  if (envelope.empty()) return Out(detail::empty_message());
  try {
    capnp::FlatArrayMessageReader reader(envelope.words(), detail::reader_options(limits));
    auto root = reader.getRoot<Schema>();
    if constexpr (std::is_void_v<Returned>) {
      std::forward<Visitor>(visit)(root);
      return Out();
    } else {
      return Out(std::forward<Visitor>(visit)(root));
    }
  } catch (const kj::Exception& e) {
    return Out(detail::malformed(e));
  }
}

}  // namespace ds::wire
