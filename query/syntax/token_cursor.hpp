#pragma once

// Internal to the parser (parse_*.cpp): the token stream with one-token
// look-ahead, keyword tests, and failure. A failure unwinds the recursive
// descent by throwing ParseFailure, which parse() catches: it never leaves
// the parser, whose callers see a QueryResult.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "query/syntax/ast.hpp"
#include "query/syntax/parser.hpp"
#include "query/syntax/token.hpp"

namespace ds::query::detail {

struct ParseFailure {
  QueryError error;
};

class TokenCursor {
 public:
  TokenCursor(std::string_view text, std::vector<Token> tokens, const ParseOptions& options);

  const Token& peek(std::size_t ahead = 0) const;
  const Token& next();  ///< consumes the current token
  bool at(TokenKind kind, std::size_t ahead = 0) const { return peek(ahead).kind == kind; }
  bool at(std::string_view keyword, std::size_t ahead = 0) const { return peek(ahead).is(keyword); }
  bool accept(TokenKind kind);
  bool accept(std::string_view keyword);
  /// Consumes a `kind` token or fails with "expected <kind> <context>".
  const Token& expect(TokenKind kind, std::string_view context);
  void expect(std::string_view keyword, std::string_view context);
  /// A name: an identifier, quoted or not (labels, types, keys, variables).
  std::string expect_name(std::string_view what);
  /// A variable: a name that is not a reserved word (quoting makes one usable).
  std::string expect_variable(std::string_view what);
  bool at_variable() const;

  [[noreturn]] void fail(SourcePos pos, std::string message) const;
  [[noreturn]] void fail_here(std::string message) const { fail(peek().pos, std::move(message)); }
  /// "expected <what>, found <the current token>".
  [[noreturn]] void fail_expected(std::string_view what) const;
  [[noreturn]] void unsupported(SourcePos pos, std::string_view feature) const;

  /// The source text from `begin` up to the end of the last consumed token.
  std::string text_since(uint32_t begin) const;

  /// Counts one level of nesting for as long as it lives; past
  /// ParseOptions::max_depth it fails with too_complex.
  class Nesting {
   public:
    Nesting(TokenCursor& cursor, SourcePos pos, uint32_t levels = 1);
    ~Nesting() { cursor_.depth_ -= levels_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;
    /// Adds levels (an operator chain growing its left-deep tree).
    void deepen(SourcePos pos);

   private:
    TokenCursor& cursor_;
    uint32_t levels_;
  };

 private:
  std::string describe_token(const Token& token) const;

  std::string_view text_;
  std::vector<Token> tokens_;
  std::size_t i_ = 0;
  uint32_t depth_ = 0;
  uint32_t max_depth_;
};

/// Words that begin a clause or join expressions: never read as a variable
/// unless backtick-quoted.
bool is_reserved(const Token& token);

// The grammar, one file per part (parse_expressions.cpp, parse_patterns.cpp,
// parse_clauses.cpp).
ast::ExprPtr parse_expression(TokenCursor& in);
/// `{key: value, ...}` at the current '{'.
ast::ExprPtr parse_map_literal(TokenCursor& in);
ast::PathPattern parse_path_pattern(TokenCursor& in);
/// A clause at the current token, or fails naming what may stand there.
ast::Clause parse_clause(TokenCursor& in);
bool at_clause_start(const TokenCursor& in);

}  // namespace ds::query::detail
