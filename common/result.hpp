#pragma once

// ds::Result<T>: the value of an operation that can fail in an expected way
// (bad input, not found, timeout, overload). Exceptions are reserved for
// failures that end the operation (out of memory, a broken invariant).
// Plain C++: every layer uses it, including the ones that never see CAF.

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace ds {

/// What went wrong, in the words a caller can act on. Values are stable: they
/// cross processes (schema/common.capnp mirrors them) and map to HTTP statuses.
enum class errc : uint8_t {
  invalid_argument = 1,   ///< the request is wrong: fix it and retry
  not_found = 2,          ///< the named thing does not exist
  already_exists = 3,     ///< a create collided with an existing thing
  malformed_message = 4,  ///< bytes that do not decode as the expected message
  timeout = 5,            ///< the deadline passed before the work finished
  overloaded = 6,         ///< queues are full: retry later
  unavailable = 7,        ///< the node is starting, draining or lost a part
  not_supported = 8,      ///< valid, but outside what this version implements
  io_error = 9,           ///< the operating system or a store failed
  config_error = 10,      ///< the configuration is invalid
  internal = 11,          ///< a defect: please report it
};

/// The stable lower-case name of a code (`"invalid_argument"`).
std::string_view to_string(errc code);

/// An expected failure: a code and a message for the user that says what was
/// wrong, where, and what to do.
struct Error {
  errc code = errc::internal;
  std::string message;
};

inline Error make_error(errc code, std::string message) { return Error{code, std::move(message)}; }

/// `error` with where it happened in front ("nodes[3]: ..."), code unchanged.
inline Error error_at(std::string_view where, const Error& error) {
  return Error{error.code, std::string(where) + ": " + error.message};
}

/// Either a T or an error (an Error unless a layer needs a richer one, as
/// the query parser does for positions). Cheap to move; check `ok()` before
/// `value()`.
template <class T, class E = Error>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(E error) : state_(std::move(error)) {}  // NOLINT: implicit by design
  /// Anything that converts to T (`return true;` for a Result<Datum>).
  template <class U, class = std::enable_if_t<std::is_convertible_v<U&&, T> &&
                                              !std::is_same_v<std::decay_t<U>, T> &&
                                              !std::is_convertible_v<U&&, E>>>
  Result(U&& value) : state_(std::in_place_index<0>, std::forward<U>(value)) {}  // NOLINT

  bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const E& error() const& { return std::get<1>(state_); }
  E&& error() && { return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, E> state_;
};

/// A Result that carries no value: success, or an error.
template <class E>
class [[nodiscard]] Result<void, E> {
 public:
  Result() = default;
  Result(E error) : error_(std::move(error)), failed_(true) {}  // NOLINT: implicit by design

  bool ok() const noexcept { return !failed_; }
  explicit operator bool() const noexcept { return ok(); }
  const E& error() const& { return error_; }
  E&& error() && { return std::move(error_); }

 private:
  E error_;
  bool failed_ = false;
};

}  // namespace ds
