#pragma once

// An AST back to Cypher text, fully parenthesized where precedence could
// mislead: what EXPLAIN prints and what the parser's tests compare against.

#include <string>

#include "query/syntax/ast.hpp"

namespace ds::query::ast {

std::string to_cypher(const Expr& expr);
std::string to_cypher(const PathPattern& pattern);
std::string to_cypher(const Query& query);

/// A string literal as Cypher writes it: single quotes, escapes for quotes,
/// backslashes and control characters.
std::string quote_string(std::string_view text);
/// A label, type or key as written in Cypher: bare when it can be, else
/// backtick-quoted.
std::string quote_name(std::string_view name);
/// A variable: quoted also when it is a reserved word (`match`).
std::string quote_variable(std::string_view name);

}  // namespace ds::query::ast
