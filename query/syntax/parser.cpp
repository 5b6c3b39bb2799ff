#include "query/syntax/parser.hpp"

#include "query/syntax/lexer.hpp"
#include "query/syntax/token_cursor.hpp"

namespace ds::query {
namespace {

ast::Query parse_query(detail::TokenCursor& in) {
  ast::Query query;
  if (in.accept("EXPLAIN"))
    query.mode = ast::QueryMode::explain;
  else if (in.accept("PROFILE"))
    query.mode = ast::QueryMode::profile;
  if (in.at(TokenKind::end) || in.at(TokenKind::semicolon)) in.fail_here("the query is empty");
  while (!in.at(TokenKind::end) && !in.at(TokenKind::semicolon)) {
    query.clauses.push_back(detail::parse_clause(in));
    if (!in.at(TokenKind::end) && !in.at(TokenKind::semicolon) && !detail::at_clause_start(in))
      in.fail_expected("the next clause or the end of the query");
  }
  if (in.accept(TokenKind::semicolon) && !in.at(TokenKind::end))
    in.unsupported(in.peek().pos, "several statements in one request (send one at a time)");
  return query;
}

}  // namespace

QueryResult<ast::Query> parse(std::string_view text, const ParseOptions& options) {
  auto tokens = lex(text);
  if (!tokens) return std::move(tokens).error();
  detail::TokenCursor in(text, std::move(tokens).value(), options);
  try {
    return parse_query(in);
  } catch (detail::ParseFailure& failure) {
    return std::move(failure.error);
  }
}

}  // namespace ds::query
