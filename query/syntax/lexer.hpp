#pragma once

// Cypher text -> tokens. Whitespace and comments (`// ...`, `/* ... */`) are
// skipped; every token records where it starts, so later errors can point
// at it. Invalid UTF-8, an unterminated string or comment, an unknown escape
// or an integer past int64 are syntax errors at their position.

#include <string_view>
#include <vector>

#include "query/query_error.hpp"
#include "query/syntax/token.hpp"

namespace ds::query {

/// The tokens of `text`, ending with one TokenKind::end token.
QueryResult<std::vector<Token>> lex(std::string_view text);

}  // namespace ds::query
