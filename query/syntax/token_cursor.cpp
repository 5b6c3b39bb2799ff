#include "query/syntax/token_cursor.hpp"

#include <array>

namespace ds::query::detail {

TokenCursor::TokenCursor(std::string_view text, std::vector<Token> tokens,
                         const ParseOptions& options)
    : text_(text), tokens_(std::move(tokens)), max_depth_(options.max_depth) {}

const Token& TokenCursor::peek(std::size_t ahead) const {
  auto at = i_ + ahead;
  return at < tokens_.size() ? tokens_[at] : tokens_.back();  // the end token
}

const Token& TokenCursor::next() {
  const Token& token = peek();
  if (i_ + 1 < tokens_.size()) ++i_;
  return token;
}

bool TokenCursor::accept(TokenKind kind) {
  if (!at(kind)) return false;
  next();
  return true;
}

bool TokenCursor::accept(std::string_view keyword) {
  if (!at(keyword)) return false;
  next();
  return true;
}

const Token& TokenCursor::expect(TokenKind kind, std::string_view context) {
  if (!at(kind)) fail_expected(std::string(describe(kind)) + " " + std::string(context));
  return next();
}

void TokenCursor::expect(std::string_view keyword, std::string_view context) {
  if (!accept(keyword)) fail_expected(std::string(keyword) + " " + std::string(context));
}

std::string TokenCursor::expect_name(std::string_view what) {
  if (!at(TokenKind::identifier)) fail_expected(what);
  return next().text;
}

bool TokenCursor::at_variable() const { return at(TokenKind::identifier) && !is_reserved(peek()); }

std::string TokenCursor::expect_variable(std::string_view what) {
  if (at(TokenKind::identifier) && is_reserved(peek()))
    fail_here("'" + peek().text + "' is a reserved word: quote it with backticks (`" + peek().text +
              "`) to use it as " + std::string(what));
  return expect_name(what);
}

void TokenCursor::fail(SourcePos pos, std::string message) const {
  throw ParseFailure{QueryError{QueryErrc::syntax_error, std::move(message), pos}};
}

void TokenCursor::fail_expected(std::string_view what) const {
  fail(peek().pos, "expected " + std::string(what) + ", found " + describe_token(peek()));
}

void TokenCursor::unsupported(SourcePos pos, std::string_view feature) const {
  throw ParseFailure{
      QueryError{QueryErrc::not_supported, "not supported: " + std::string(feature), pos}};
}

std::string TokenCursor::text_since(uint32_t begin) const {
  uint32_t end = begin;
  if (i_ > 0) end = tokens_[i_ - 1].pos.offset + tokens_[i_ - 1].length;
  if (end < begin) end = begin;
  return std::string(text_.substr(begin, end - begin));
}

std::string TokenCursor::describe_token(const Token& token) const {
  switch (token.kind) {
    case TokenKind::end:
      return "the end of the query";
    case TokenKind::identifier:
    case TokenKind::integer:
    case TokenKind::decimal:
      return "'" + std::string(text_.substr(token.pos.offset, token.length)) + "'";
    case TokenKind::string:
      return "the string " + std::string(text_.substr(token.pos.offset, token.length));
    case TokenKind::parameter:
      return "the parameter $" + token.text;
    default:
      return std::string(describe(token.kind));
  }
}

TokenCursor::Nesting::Nesting(TokenCursor& cursor, SourcePos pos, uint32_t levels)
    : cursor_(cursor), levels_(0) {
  for (uint32_t l = 0; l < levels; ++l)
    deepen(pos);
}

void TokenCursor::Nesting::deepen(SourcePos pos) {
  if (cursor_.depth_ >= cursor_.max_depth_)
    throw ParseFailure{QueryError{QueryErrc::too_complex,
                                  "the query nests deeper than " +
                                      std::to_string(cursor_.max_depth_) +
                                      " levels here: split the expression or use parameters",
                                  pos}};
  ++cursor_.depth_;
  ++levels_;
}

bool is_reserved(const Token& token) {
  static constexpr std::array<std::string_view, 35> kReserved{
      "MATCH",  "OPTIONAL", "WHERE", "WITH",   "RETURN", "ORDER",  "SKIP", "LIMIT",    "UNWIND",
      "CREATE", "MERGE",    "SET",   "REMOVE", "DELETE", "DETACH", "CALL", "YIELD",    "UNION",
      "AND",    "OR",       "XOR",   "NOT",    "IN",     "STARTS", "ENDS", "CONTAINS", "IS",
      "AS",     "DISTINCT", "ON",    "CASE",   "WHEN",   "THEN",   "ELSE", "END"};
  if (token.kind != TokenKind::identifier || token.quoted) return false;
  for (auto word : kReserved)
    if (token.is(word)) return true;
  return false;
}

}  // namespace ds::query::detail
