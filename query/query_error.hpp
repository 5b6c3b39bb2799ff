#pragma once

// What a query can do wrong, and where: every parse, bind and evaluation error
// of the query layer is a QueryError with a code the user can act on, a
// message, and (when it has one) the position in the query text.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace ds::query {

/// A place in the query text. `line` and `column` are 1-based; `column` counts
/// code points, so the caret lands under the right character of UTF-8 text.
struct SourcePos {
  uint32_t offset = 0;  ///< bytes from the start of the text
  uint32_t line = 1;
  uint32_t column = 1;
  friend bool operator==(const SourcePos&, const SourcePos&) = default;
};

enum class QueryErrc : uint8_t {
  syntax_error,     ///< the text is not Cypher
  not_supported,    ///< Cypher, but outside the subset this version runs
  semantic_error,   ///< well-formed but meaningless: an unknown variable, a misplaced clause
  type_error,       ///< a value of the wrong type (at bind or run time)
  parameter_error,  ///< a `$param` missing from the request, or of the wrong type
  too_complex,      ///< past a limit: nesting depth, path length, result size
  runtime_error,    ///< evaluation failed: division by zero, a failed shard read
};

/// The stable snake_case name of a code (`"syntax_error"`): what clients match on.
std::string_view to_string(QueryErrc code);

struct QueryError {
  QueryErrc code = QueryErrc::syntax_error;
  std::string message;
  std::optional<SourcePos> pos;
  /// For a runtime_error the service failure behind it (a shard timed out
  /// or is restarting), which decides how a service answers (504, 503).
  std::optional<errc> cause;
};

/// A failure of the service under a running query (a shard read, a
/// deadline) as a runtime_error that keeps its errc.
QueryError service_failure(const Error& error);

template <class T>
using QueryResult = Result<T, QueryError>;

/// The errc a QueryError maps to at the service boundary (HTTP status):
/// not_supported stays not_supported, a failed read keeps the store's code,
/// everything else is the caller's invalid_argument.
errc category(QueryErrc code);
errc category(const QueryError& error);

/// The line of `text` holding `pos`, and a caret under its column:
///   "  MATCH (n RETURN n\n            ^"
/// Long lines are cut to a window around the column.
std::string excerpt(std::string_view text, SourcePos pos);

/// "line 1, column 9: expected ... " followed by the excerpt, or the bare
/// message when the error has no position.
std::string describe(const QueryError& error, std::string_view text);

}  // namespace ds::query
