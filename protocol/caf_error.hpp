#pragma once

// The one adapter between ds::Error and caf::error. Actor handlers return
// caf::error for expected failures; callers turn what they receive (including
// CAF's own system errors such as a request timeout) back into ds::Error.

#include <caf/atom.hpp>
#include <caf/error.hpp>
// caf/result.hpp calls make_message without including its header (CAF 0.17):
// a file that includes this first must still compile.
#include <caf/make_message.hpp>
#include <caf/result.hpp>

#include "common/result.hpp"

namespace ds::protocol {

/// The CAF error category of ds::errc codes.
inline constexpr caf::atom_value kErrorCategory = caf::atom("ds");

caf::error to_caf(const Error& error);

/// Maps ds errors back losslessly and CAF's own errors (sec) to the nearest
/// errc: a request timeout becomes errc::timeout, a dead or unreachable
/// receiver errc::unavailable.
Error from_caf(const caf::error& error);

/// A handler's reply: the value, or the error as a caf::error.
template <class T>
caf::result<T> to_caf_result(Result<T> result) {
  if (!result) return to_caf(result.error());
  return std::move(result).value();
}

/// Human-readable text for errors of kErrorCategory (registered with CAF).
std::string render_error(uint8_t code, caf::atom_value category, const caf::message& context);

}  // namespace ds::protocol
