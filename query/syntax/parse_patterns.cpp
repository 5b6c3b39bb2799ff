// Patterns: `p = (a:Label {k: v})-[r:type1|type2*1..3]->(b)<-[:s]-(c)`.
// Arrows are assembled from single tokens ('<', '-', '>'), which the lexer
// keeps apart so that `a<-1` remains a comparison in expressions.

#include "query/syntax/token_cursor.hpp"

namespace ds::query::detail {
namespace {

/// `{map}` or `$param` giving a pattern's properties, if one stands here.
ast::ExprPtr parse_pattern_properties(TokenCursor& in) {
  if (in.at(TokenKind::lbrace)) return parse_map_literal(in);
  if (in.at(TokenKind::parameter)) {
    auto parameter = std::make_unique<ast::Expr>();
    parameter->kind = ast::ExprKind::parameter;
    parameter->pos = in.peek().pos;
    parameter->name = in.next().text;
    return parameter;
  }
  return nullptr;
}

ast::NodePattern parse_node_pattern(TokenCursor& in) {
  ast::NodePattern node;
  node.pos = in.expect(TokenKind::lparen, "to start a node pattern").pos;
  if (in.at(TokenKind::identifier)) node.variable = in.expect_variable("a node variable");
  while (in.accept(TokenKind::colon)) {
    node.labels.push_back(in.expect_name("a label after ':'"));
    if (in.at(TokenKind::pipe) || in.at(TokenKind::percent))
      in.unsupported(in.peek().pos, "label expressions (:A|B); write :A:B for both labels");
  }
  node.properties = parse_pattern_properties(in);
  if (in.at("WHERE")) in.unsupported(in.peek().pos, "WHERE inside a node pattern");
  in.expect(TokenKind::rparen,
            "to close the node pattern opened at column " + std::to_string(node.pos.column));
  return node;
}

/// A non-negative integer bound of a variable-length relationship.
int64_t parse_hops(TokenCursor& in) {
  const Token& token = in.expect(TokenKind::integer, "as a hop count");
  return token.integer;
}

/// After '*': `*`, `*n`, `*n..`, `*..m`, `*n..m`.
ast::VarLength parse_var_length(TokenCursor& in, SourcePos star) {
  ast::VarLength length;
  if (in.at(TokenKind::integer)) length.min = parse_hops(in);
  if (in.accept(TokenKind::dotdot)) {
    if (in.at(TokenKind::integer)) length.max = parse_hops(in);
  } else {
    length.max = length.min;  // `*n` is exactly n hops
  }
  if (length.min && length.max && *length.min > *length.max)
    in.fail(star, "the hop range's lower bound " + std::to_string(*length.min) +
                      " is above its upper bound " + std::to_string(*length.max));
  return length;
}

/// `[r:type1|type2*1..3 {k: v}]` between the arrow's dashes.
void parse_rel_detail(TokenCursor& in, ast::RelPattern& rel) {
  auto open = in.next().pos;  // '['
  if (in.at(TokenKind::identifier)) rel.variable = in.expect_variable("a relationship variable");
  if (in.accept(TokenKind::colon)) {
    rel.types.push_back(in.expect_name("a relationship type after ':'"));
    while (in.accept(TokenKind::pipe)) {
      in.accept(TokenKind::colon);  // `:a|:b` is an older spelling of `:a|b`
      rel.types.push_back(in.expect_name("a relationship type after '|'"));
    }
    if (in.at(TokenKind::colon))
      in.fail_here("a relationship has one type: write [:a|b] for either of two");
  }
  if (in.at(TokenKind::star)) rel.length = parse_var_length(in, in.next().pos);
  rel.properties = parse_pattern_properties(in);
  if (in.at("WHERE")) in.unsupported(in.peek().pos, "WHERE inside a relationship pattern");
  in.expect(TokenKind::rbracket,
            "to close the relationship pattern opened at column " + std::to_string(open.column));
}

bool at_relationship(const TokenCursor& in) {
  return in.at(TokenKind::minus) || (in.at(TokenKind::lt) && in.at(TokenKind::minus, 1));
}

/// `-->`, `<--`, `--`, `-[...]->`, `<-[...]-`, `-[...]-`.
ast::RelPattern parse_rel_pattern(TokenCursor& in) {
  ast::RelPattern rel;
  rel.pos = in.peek().pos;
  bool left = in.accept(TokenKind::lt);
  in.expect(TokenKind::minus, "in the relationship's arrow");
  if (in.at(TokenKind::lbracket)) parse_rel_detail(in, rel);
  in.expect(TokenKind::minus, "to end the relationship's arrow (-[...]- or -[...]->)");
  bool right = in.accept(TokenKind::gt);
  rel.direction = left == right ? ast::RelDirection::both
                  : right       ? ast::RelDirection::right
                                : ast::RelDirection::left;
  return rel;
}

}  // namespace

ast::PathPattern parse_path_pattern(TokenCursor& in) {
  ast::PathPattern path;
  path.pos = in.peek().pos;
  TokenCursor::Nesting nested(in, path.pos);
  if (in.at(TokenKind::identifier) && in.at(TokenKind::eq, 1)) {
    path.variable = in.expect_variable("a path variable");
    in.next();  // '='
  }
  if (in.at(TokenKind::identifier) && in.at(TokenKind::lparen, 1)) {
    const Token& name = in.peek();
    if (name.is("shortestPath") || name.is("allShortestPaths"))
      in.unsupported(name.pos, name.text + " (use a variable-length MATCH)");
  }
  path.start = parse_node_pattern(in);
  while (at_relationship(in)) {
    ast::PathStep step;
    step.rel = parse_rel_pattern(in);
    step.node = parse_node_pattern(in);
    path.steps.push_back(std::move(step));
  }
  return path;
}

}  // namespace ds::query::detail
