#pragma once

// The tokens of the Cypher subset. Keywords are not token kinds: they are
// identifiers the parser compares case-insensitively where a keyword may
// stand, so `n.count` or a label `Match` remain usable (query/README.md).

#include <cstdint>
#include <string>
#include <string_view>

#include "query/query_error.hpp"

namespace ds::query {

enum class TokenKind : uint8_t {
  end,         ///< after the last token
  identifier,  ///< `name` or a backtick-quoted name (`quoted` set)
  integer,     ///< decimal or 0x hexadecimal, fits int64
  decimal,     ///< a float literal
  string,      ///< quoted, escapes resolved into `text`
  parameter,   ///< `$name` or `$0`: `text` is the name
  lparen,      ///< (
  rparen,      ///< )
  lbracket,    ///< [
  rbracket,    ///< ]
  lbrace,      ///< {
  rbrace,      ///< }
  comma,       ///< ,
  dot,         ///< .
  dotdot,      ///< ..
  colon,       ///< :
  semicolon,   ///< ;
  pipe,        ///< |
  plus,        ///< +
  minus,       ///< -
  star,        ///< *
  slash,       ///< /
  percent,     ///< %
  caret,       ///< ^
  eq,          ///< =
  ne,          ///< <>
  lt,          ///< <
  gt,          ///< >
  le,          ///< <=
  ge,          ///< >=
  regex,       ///< =~ (recognised so it can be refused as not supported)
  plus_eq,     ///< +=
};

/// How a token kind reads in an error message: "')'", "an identifier".
std::string_view describe(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::end;
  SourcePos pos;
  uint32_t length = 0;  ///< bytes of source text the token spans
  std::string text;     ///< identifier or parameter name, string contents, number digits
  bool quoted = false;  ///< a backtick-quoted identifier: never a keyword
  int64_t integer = 0;  ///< the value of an integer token
  double decimal = 0;   ///< the value of a decimal token

  /// Whether this is the unquoted identifier `keyword` (ASCII, any case).
  bool is(std::string_view keyword) const;
};

}  // namespace ds::query
