// Clauses: MATCH, OPTIONAL MATCH, WITH, RETURN, UNWIND, CREATE, MERGE, SET,
// REMOVE, DELETE, DETACH DELETE, CALL. Clause order (RETURN last, and so on)
// is the binder's business: here each clause is read on its own.

#include <array>

#include "query/syntax/token_cursor.hpp"

namespace ds::query::detail {
namespace {

using namespace ast;

std::vector<PathPattern> parse_pattern_list(TokenCursor& in) {
  std::vector<PathPattern> patterns;
  do {
    patterns.push_back(parse_path_pattern(in));
  } while (in.accept(TokenKind::comma));
  return patterns;
}

ExprPtr parse_where(TokenCursor& in) { return in.accept("WHERE") ? parse_expression(in) : nullptr; }

ProjectionItem parse_projection_item(TokenCursor& in) {
  ProjectionItem item;
  item.pos = in.peek().pos;
  item.expr = parse_expression(in);
  item.text = in.text_since(item.pos.offset);
  if (in.accept("AS")) item.alias = in.expect_variable("a column name after AS");
  return item;
}

Projection parse_projection(TokenCursor& in, std::string_view clause) {
  Projection projection;
  projection.distinct = in.accept("DISTINCT");
  projection.star = in.accept(TokenKind::star);
  if (!projection.star || in.accept(TokenKind::comma)) {
    if (in.at(TokenKind::end) || at_clause_start(in))
      in.fail_expected("an expression to " + std::string(clause));
    do {
      projection.items.push_back(parse_projection_item(in));
    } while (in.accept(TokenKind::comma));
  }
  if (in.accept("ORDER")) {
    in.expect("BY", "after ORDER");
    do {
      SortItem item;
      item.expr = parse_expression(in);
      if (in.accept("DESC") || in.accept("DESCENDING"))
        item.descending = true;
      else if (!in.accept("ASC"))
        in.accept("ASCENDING");
      projection.order_by.push_back(std::move(item));
    } while (in.accept(TokenKind::comma));
  }
  if (in.accept("SKIP")) projection.skip = parse_expression(in);
  if (in.accept("LIMIT")) projection.limit = parse_expression(in);
  return projection;
}

/// `n.key = value`, `n = {map}`, `n += {map}`, `n:Label:Label`.
SetItem parse_set_item(TokenCursor& in) {
  SetItem item;
  item.pos = in.peek().pos;
  item.variable = in.expect_variable("a variable to SET");
  if (in.at(TokenKind::colon)) {
    item.kind = SetKind::labels;
    while (in.accept(TokenKind::colon))
      item.labels.push_back(in.expect_name("a label after ':'"));
    return item;
  }
  if (in.accept(TokenKind::dot)) {
    item.kind = SetKind::property;
    item.property = in.expect_name("a property name after '.'");
    if (in.at(TokenKind::dot) || in.at(TokenKind::lbracket))
      in.unsupported(in.peek().pos,
                     "setting a nested value (SET sets a property of a node or "
                     "relationship)");
    in.expect(TokenKind::eq, "after the property to SET");
  } else if (in.accept(TokenKind::plus_eq)) {
    item.kind = SetKind::merge;
  } else {
    in.expect(TokenKind::eq,
              "after the variable to SET (n.key = value, n = {map}, "
              "n += {map} or n:Label)");
    item.kind = SetKind::replace;
  }
  item.value = parse_expression(in);
  return item;
}

std::vector<SetItem> parse_set_items(TokenCursor& in) {
  std::vector<SetItem> items;
  do {
    items.push_back(parse_set_item(in));
  } while (in.accept(TokenKind::comma));
  return items;
}

RemoveItem parse_remove_item(TokenCursor& in) {
  RemoveItem item;
  item.pos = in.peek().pos;
  item.variable = in.expect_variable("a variable to REMOVE from");
  if (in.accept(TokenKind::dot)) {
    item.property = in.expect_name("a property name after '.'");
    return item;
  }
  if (!in.at(TokenKind::colon)) in.fail_expected("'.' and a property, or ':' and a label");
  while (in.accept(TokenKind::colon))
    item.labels.push_back(in.expect_name("a label after ':'"));
  return item;
}

Call parse_call(TokenCursor& in) {
  Call call;
  if (in.at(TokenKind::lbrace)) in.unsupported(in.peek().pos, "CALL subqueries");
  call.procedure_parts.push_back(in.expect_name("a procedure name after CALL"));
  while (in.accept(TokenKind::dot))
    call.procedure_parts.push_back(in.expect_name("a procedure name after '.'"));
  for (const auto& part : call.procedure_parts)
    call.procedure += (call.procedure.empty() ? "" : ".") + part;
  in.expect(TokenKind::lparen, "after the procedure name (arguments in parentheses)");
  if (!in.accept(TokenKind::rparen)) {
    do {
      call.args.push_back(parse_expression(in));
    } while (in.accept(TokenKind::comma));
    in.expect(TokenKind::rparen, "to close the procedure's arguments");
  }
  if (!in.accept("YIELD")) {
    call.yield_all = true;
    return call;
  }
  if (in.accept(TokenKind::star)) {
    call.yield_all = true;
    return call;
  }
  do {
    YieldItem item;
    item.pos = in.peek().pos;
    item.field = in.expect_name("a procedure output to YIELD");
    if (in.accept("AS")) item.alias = in.expect_variable("a name after AS");
    call.yields.push_back(std::move(item));
  } while (in.accept(TokenKind::comma));
  call.where = parse_where(in);
  return call;
}

Merge parse_merge(TokenCursor& in) {
  Merge merge;
  merge.pattern = parse_path_pattern(in);
  while (in.accept("ON")) {
    bool create = in.accept("CREATE");
    if (!create && !in.accept("MATCH")) in.fail_expected("CREATE or MATCH after ON");
    in.expect("SET", create ? "after ON CREATE" : "after ON MATCH");
    auto items = parse_set_items(in);
    auto& into = create ? merge.on_create : merge.on_match;
    for (auto& item : items)
      into.push_back(std::move(item));
  }
  return merge;
}

/// Clause keywords of Cypher outside the subset, refused by name.
void refuse_unsupported_clause(TokenCursor& in) {
  const Token& token = in.peek();
  if (token.is("UNION")) in.unsupported(token.pos, "UNION (run the queries separately)");
  if (token.is("FOREACH")) in.unsupported(token.pos, "FOREACH (use UNWIND)");
  if (token.is("LOAD")) in.unsupported(token.pos, "LOAD CSV (import with deepseek-cli import)");
  if (token.is("USE")) in.unsupported(token.pos, "USE (there is one graph)");
  if (token.is("SHOW") || token.is("DROP") || token.is("START") || token.is("STOP") ||
      token.is("GRANT") || token.is("DENY") || token.is("REVOKE") || token.is("ALTER"))
    in.unsupported(token.pos, "administration commands (" + token.text + ")");
  if (token.is("CREATE") &&
      (in.at("INDEX", 1) || in.at("CONSTRAINT", 1) || in.at("DATABASE", 1) ||
       in.at("FULLTEXT", 1) || in.at("VECTOR", 1) || in.at("RANGE", 1) || in.at("TEXT", 1)))
    in.unsupported(token.pos, "schema commands (CREATE " + in.peek(1).text + ")");
}

}  // namespace

bool at_clause_start(const TokenCursor& in) {
  static constexpr std::array<std::string_view, 14> kStarts{
      "MATCH", "OPTIONAL", "WITH",   "RETURN", "UNWIND", "CREATE", "MERGE",
      "SET",   "REMOVE",   "DELETE", "DETACH", "CALL",   "UNION",  "FOREACH"};
  for (auto word : kStarts)
    if (in.at(word)) return true;
  return false;
}

Clause parse_clause(TokenCursor& in) {
  refuse_unsupported_clause(in);
  Clause clause;
  clause.pos = in.peek().pos;
  if (in.at("OPTIONAL") || in.at("MATCH")) {
    Match match;
    match.optional = in.accept("OPTIONAL");
    in.expect("MATCH", "after OPTIONAL");
    match.patterns = parse_pattern_list(in);
    match.where = parse_where(in);
    clause.body = std::move(match);
  } else if (in.accept("WITH")) {
    With with;
    with.projection = parse_projection(in, "pass on with WITH");
    with.where = parse_where(in);
    clause.body = std::move(with);
  } else if (in.accept("RETURN")) {
    Return ret;
    ret.projection = parse_projection(in, "RETURN");
    clause.body = std::move(ret);
  } else if (in.accept("UNWIND")) {
    Unwind unwind;
    unwind.list = parse_expression(in);
    in.expect("AS", "after the list to UNWIND");
    unwind.alias = in.expect_variable("a variable after AS");
    clause.body = std::move(unwind);
  } else if (in.accept("CREATE")) {
    clause.body = Create{parse_pattern_list(in)};
  } else if (in.accept("MERGE")) {
    clause.body = parse_merge(in);
  } else if (in.accept("SET")) {
    clause.body = Set{parse_set_items(in)};
  } else if (in.accept("REMOVE")) {
    Remove remove;
    do {
      remove.items.push_back(parse_remove_item(in));
    } while (in.accept(TokenKind::comma));
    clause.body = std::move(remove);
  } else if (in.at("DETACH") || in.at("DELETE")) {
    Delete del;
    del.detach = in.accept("DETACH");
    in.expect("DELETE", "after DETACH");
    do {
      del.targets.push_back(parse_expression(in));
    } while (in.accept(TokenKind::comma));
    clause.body = std::move(del);
  } else if (in.accept("CALL")) {
    clause.body = parse_call(in);
  } else {
    in.fail_expected(
        "a clause (MATCH, OPTIONAL MATCH, WITH, RETURN, UNWIND, CREATE, MERGE, SET, REMOVE, "
        "DELETE, DETACH DELETE or CALL)");
  }
  return clause;
}

}  // namespace ds::query::detail
