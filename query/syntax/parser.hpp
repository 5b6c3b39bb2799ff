#pragma once

// Cypher text -> ast::Query. Recursive descent over the lexer's tokens; the
// first error ends the parse and says where (QueryError with a position).
// Constructs of Cypher outside the subset are recognised and refused as
// not_supported rather than misread (docs/query-engine.md).

#include <cstdint>
#include <string_view>

#include "query/query_error.hpp"
#include "query/syntax/ast.hpp"

namespace ds::query {

struct ParseOptions {
  /// How deep expressions and patterns may nest (parentheses, lists, maps,
  /// operator chains): deeper input is refused as too_complex before the
  /// recursion can run out of stack.
  uint32_t max_depth = 100;
};

QueryResult<ast::Query> parse(std::string_view text, const ParseOptions& options = {});

}  // namespace ds::query
