// Expressions, loosest-binding first (openCypher's precedence):
//   OR < XOR < AND < NOT < comparison < IN/STARTS WITH/ENDS WITH/CONTAINS/IS NULL
//   < + - < * / % < ^ < unary + - < postfix (.key, [i], [a..b], :Label) < atom
// Binary operators associate to the left; a second comparison in a row
// (a < b < c) is refused rather than read the way Cypher chains it.

#include <cctype>
#include <unordered_set>

#include "query/syntax/token_cursor.hpp"

namespace ds::query::detail {
namespace {

using ast::Expr;
using ast::ExprKind;
using ast::ExprPtr;
using ast::Op;

ExprPtr make(ExprKind kind, SourcePos pos) {
  auto expr = std::make_unique<Expr>();
  expr->kind = kind;
  expr->pos = pos;
  return expr;
}

ExprPtr make_unary(Op op, SourcePos pos, ExprPtr operand) {
  auto expr = make(ExprKind::unary, pos);
  expr->op = op;
  expr->args.push_back(std::move(operand));
  return expr;
}

ExprPtr make_binary(Op op, SourcePos pos, ExprPtr left, ExprPtr right) {
  auto expr = make(ExprKind::binary, pos);
  expr->op = op;
  expr->args.push_back(std::move(left));
  expr->args.push_back(std::move(right));
  return expr;
}

ExprPtr parse_or(TokenCursor& in);

/// One level of left-associative binary operators: `next (op next)*`, where
/// `match` says which operator (if any) the current token starts.
template <class Next, class Match>
ExprPtr parse_left_chain(TokenCursor& in, Next next, Match match) {
  auto left = next(in);
  TokenCursor::Nesting chain(in, left->pos, 0);
  while (true) {
    auto pos = in.peek().pos;
    Op op = match(in);
    if (op == Op::none) return left;
    chain.deepen(pos);
    left = make_binary(op, pos, std::move(left), next(in));
  }
}

ExprPtr parse_atom(TokenCursor& in);

/// `count(*)`, `f(x, y)`, `count(DISTINCT x)`, `a.b.f(x)` at a name followed by '('.
ExprPtr parse_function(TokenCursor& in) {
  auto pos = in.peek().pos;
  std::vector<std::string> parts{in.next().text};
  while (in.accept(TokenKind::dot))
    parts.push_back(in.expect_name("a function name after '.'"));
  std::string name = parts[0];
  for (std::size_t i = 1; i < parts.size(); ++i)
    name += "." + parts[i];
  in.expect(TokenKind::lparen, "after the function name");
  auto lower = name;
  for (auto& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "count" && in.accept(TokenKind::star)) {
    in.expect(TokenKind::rparen, "to close count(*");
    return make(ExprKind::count_star, pos);
  }
  if (lower == "shortestpath" || lower == "allshortestpaths")
    in.unsupported(pos, name + " (use a variable-length MATCH with ORDER BY length(p) LIMIT 1)");
  if (lower == "exists") in.unsupported(pos, "exists() (use IS NOT NULL, or OPTIONAL MATCH)");
  auto call = make(ExprKind::function, pos);
  call->name = std::move(name);
  call->names = std::move(parts);
  call->distinct = in.accept("DISTINCT");
  if (!in.accept(TokenKind::rparen)) {
    do {
      call->args.push_back(parse_expression(in));
    } while (in.accept(TokenKind::comma));
    in.expect(TokenKind::rparen, "to close the arguments of " + call->name + "(");
  }
  return call;
}

/// Whether the tokens from `ahead` read `name(.name)* (`: a function call.
bool at_function(const TokenCursor& in) {
  std::size_t ahead = 1;
  while (in.at(TokenKind::dot, ahead) && in.at(TokenKind::identifier, ahead + 1))
    ahead += 2;
  return in.at(TokenKind::lparen, ahead);
}

ExprPtr parse_list(TokenCursor& in) {
  auto pos = in.next().pos;  // '['
  auto list = make(ExprKind::list, pos);
  if (in.accept(TokenKind::rbracket)) return list;
  // Neo4j reads `[x IN list ...]` as a comprehension: refuse it rather than
  // evaluate a list holding one boolean.
  if (in.at(TokenKind::identifier) && in.at("IN", 1))
    in.unsupported(pos, "list comprehensions ([x IN list | ...]); use UNWIND");
  do {
    list->args.push_back(parse_expression(in));
  } while (in.accept(TokenKind::comma));
  in.expect(TokenKind::rbracket,
            "to close the list opened at column " + std::to_string(pos.column));
  return list;
}

ExprPtr parse_parenthesized(TokenCursor& in) {
  auto pos = in.next().pos;  // '('
  if (in.at(TokenKind::rparen)) in.unsupported(pos, "pattern expressions (use MATCH)");
  auto inner = parse_expression(in);
  if (in.at(TokenKind::lbrace) || in.at(TokenKind::colon))
    in.unsupported(pos, "pattern expressions (use MATCH)");
  in.expect(TokenKind::rparen, "to close the '(' at column " + std::to_string(pos.column));
  // `(a)-[:r]->(b)` or `(a)<--(b)` in an expression is a pattern predicate.
  bool names_node = inner->kind == ExprKind::variable || inner->kind == ExprKind::has_labels;
  bool arrow =
      (in.at(TokenKind::minus) && (in.at(TokenKind::lbracket, 1) || in.at(TokenKind::minus, 1))) ||
      (in.at(TokenKind::lt) && in.at(TokenKind::minus, 1));
  if (names_node && arrow)
    in.unsupported(pos, "pattern expressions (use MATCH, or OPTIONAL MATCH and a count)");
  return inner;
}

ExprPtr parse_atom(TokenCursor& in) {
  const Token& token = in.peek();
  auto pos = token.pos;
  switch (token.kind) {
    case TokenKind::integer: {
      auto literal = make(ExprKind::literal, pos);
      literal->value = in.next().integer;
      return literal;
    }
    case TokenKind::decimal: {
      auto literal = make(ExprKind::literal, pos);
      literal->value = in.next().decimal;
      return literal;
    }
    case TokenKind::string: {
      auto literal = make(ExprKind::literal, pos);
      literal->value = in.next().text;
      return literal;
    }
    case TokenKind::parameter: {
      auto parameter = make(ExprKind::parameter, pos);
      parameter->name = in.next().text;
      return parameter;
    }
    case TokenKind::lbracket:
      return parse_list(in);
    case TokenKind::lbrace:
      return parse_map_literal(in);
    case TokenKind::lparen:
      return parse_parenthesized(in);
    case TokenKind::identifier:
      break;
    default:
      in.fail_expected("an expression");
  }
  if (!token.quoted) {
    if (token.is("NULL") || token.is("TRUE") || token.is("FALSE")) {
      auto literal = make(ExprKind::literal, pos);
      if (!token.is("NULL")) literal->value = token.is("TRUE");
      in.next();
      return literal;
    }
    if (token.is("CASE")) in.unsupported(pos, "CASE expressions");
    if (token.is("EXISTS") && (in.at(TokenKind::lbrace, 1)))
      in.unsupported(pos, "EXISTS subqueries");
    if (token.is("COUNT") && in.at(TokenKind::lbrace, 1)) in.unsupported(pos, "COUNT subqueries");
  }
  if (at_function(in)) return parse_function(in);
  if (is_reserved(token)) in.fail_expected("an expression");
  auto variable = make(ExprKind::variable, pos);
  variable->name = in.next().text;
  if (in.at(TokenKind::lbrace))
    in.unsupported(in.peek().pos, "map projections (write a map literal: {key: n.key})");
  return variable;
}

/// `.key`, `[index]`, `[from..to]` and `:Label` after an atom.
ExprPtr parse_postfix(TokenCursor& in) {
  auto expr = parse_atom(in);
  TokenCursor::Nesting chain(in, expr->pos, 0);
  while (true) {
    auto pos = in.peek().pos;
    if (in.accept(TokenKind::dot)) {
      chain.deepen(pos);
      auto property = make(ExprKind::property, pos);
      property->name = in.expect_name("a property name after '.'");
      property->args.push_back(std::move(expr));
      expr = std::move(property);
    } else if (in.at(TokenKind::lbracket)) {
      chain.deepen(pos);
      in.next();
      ExprPtr from, to;
      bool slice = false;
      if (!in.at(TokenKind::dotdot)) from = parse_expression(in);
      if (in.accept(TokenKind::dotdot)) {
        slice = true;
        if (!in.at(TokenKind::rbracket)) to = parse_expression(in);
      }
      in.expect(TokenKind::rbracket, slice ? "to close the slice" : "to close the index");
      auto access = make(slice ? ExprKind::slice : ExprKind::index, pos);
      access->args.push_back(std::move(expr));
      access->args.push_back(std::move(from));
      if (slice) access->args.push_back(std::move(to));
      expr = std::move(access);
    } else if (in.at(TokenKind::colon) && expr->kind == ExprKind::variable) {
      chain.deepen(pos);
      auto labels = make(ExprKind::has_labels, pos);
      while (in.accept(TokenKind::colon))
        labels->names.push_back(in.expect_name("a label after ':'"));
      if (in.at(TokenKind::pipe)) in.unsupported(in.peek().pos, "label disjunctions (:A|B)");
      labels->args.push_back(std::move(expr));
      expr = std::move(labels);
    } else {
      return expr;
    }
  }
}

ExprPtr parse_unary(TokenCursor& in) {
  auto pos = in.peek().pos;
  Op op = in.at(TokenKind::minus) ? Op::negate : in.at(TokenKind::plus) ? Op::identity : Op::none;
  if (op == Op::none) return parse_postfix(in);
  in.next();
  TokenCursor::Nesting nested(in, pos);
  auto operand = parse_unary(in);
  // Fold a negative number literal, so `-1` is a constant, not an operation.
  if (operand->kind == ExprKind::literal && op == Op::negate) {
    if (auto* i = std::get_if<int64_t>(&operand->value.data)) {
      operand->value = -*i;
      operand->pos = pos;
      return operand;
    }
    if (auto* d = std::get_if<double>(&operand->value.data)) {
      operand->value = -*d;
      operand->pos = pos;
      return operand;
    }
  }
  return make_unary(op, pos, std::move(operand));
}

ExprPtr parse_power(TokenCursor& in) {
  return parse_left_chain(in, parse_unary, [](TokenCursor& in) {
    return in.accept(TokenKind::caret) ? Op::power : Op::none;
  });
}

ExprPtr parse_multiplicative(TokenCursor& in) {
  return parse_left_chain(in, parse_power, [](TokenCursor& in) {
    if (in.accept(TokenKind::star)) return Op::multiply;
    if (in.accept(TokenKind::slash)) return Op::divide;
    if (in.accept(TokenKind::percent)) return Op::modulo;
    return Op::none;
  });
}

ExprPtr parse_additive(TokenCursor& in) {
  return parse_left_chain(in, parse_multiplicative, [](TokenCursor& in) {
    if (in.accept(TokenKind::plus)) return Op::add;
    if (in.accept(TokenKind::minus)) return Op::subtract;
    return Op::none;
  });
}

/// IN, STARTS WITH, ENDS WITH, CONTAINS, IS [NOT] NULL after an additive
/// expression, any number of times.
ExprPtr parse_predicate(TokenCursor& in) {
  auto left = parse_additive(in);
  TokenCursor::Nesting chain(in, left->pos, 0);
  while (true) {
    auto pos = in.peek().pos;
    Op op = Op::none;
    if (in.at(TokenKind::regex)) in.unsupported(pos, "regular expressions (=~)");
    if (in.accept("IN")) {
      op = Op::in;
    } else if (in.at("STARTS") && in.at("WITH", 1)) {
      op = Op::starts_with;
    } else if (in.at("ENDS") && in.at("WITH", 1)) {
      op = Op::ends_with;
    } else if (in.accept("CONTAINS")) {
      op = Op::contains;
    } else if (in.accept("IS")) {
      chain.deepen(pos);
      bool negated = in.accept("NOT");
      in.expect("NULL", negated ? "after IS NOT" : "after IS (IS NULL or IS NOT NULL)");
      left = make_unary(negated ? Op::is_not_null : Op::is_null, pos, std::move(left));
      continue;
    } else {
      return left;
    }
    if (op == Op::starts_with || op == Op::ends_with) {
      in.next();
      in.next();
    }
    chain.deepen(pos);
    left = make_binary(op, pos, std::move(left), parse_additive(in));
  }
}

Op comparison(const TokenCursor& in) {
  switch (in.peek().kind) {
    case TokenKind::eq:
      return Op::eq;
    case TokenKind::ne:
      return Op::ne;
    case TokenKind::lt:
      return Op::lt;
    case TokenKind::le:
      return Op::le;
    case TokenKind::gt:
      return Op::gt;
    case TokenKind::ge:
      return Op::ge;
    default:
      return Op::none;
  }
}

ExprPtr parse_comparison(TokenCursor& in) {
  auto left = parse_predicate(in);
  auto pos = in.peek().pos;
  Op op = comparison(in);
  if (op == Op::none) return left;
  in.next();
  TokenCursor::Nesting nested(in, pos);
  auto result = make_binary(op, pos, std::move(left), parse_predicate(in));
  if (comparison(in) != Op::none)
    in.unsupported(in.peek().pos, "chained comparisons (write a < b AND b < c)");
  return result;
}

ExprPtr parse_not(TokenCursor& in) {
  auto pos = in.peek().pos;
  if (!in.accept("NOT")) return parse_comparison(in);
  TokenCursor::Nesting nested(in, pos);
  return make_unary(Op::not_, pos, parse_not(in));
}

ExprPtr parse_and(TokenCursor& in) {
  return parse_left_chain(in, parse_not,
                          [](TokenCursor& in) { return in.accept("AND") ? Op::and_ : Op::none; });
}

ExprPtr parse_xor(TokenCursor& in) {
  return parse_left_chain(in, parse_and,
                          [](TokenCursor& in) { return in.accept("XOR") ? Op::xor_ : Op::none; });
}

ExprPtr parse_or(TokenCursor& in) {
  return parse_left_chain(in, parse_xor,
                          [](TokenCursor& in) { return in.accept("OR") ? Op::or_ : Op::none; });
}

}  // namespace

ExprPtr parse_expression(TokenCursor& in) {
  TokenCursor::Nesting nested(in, in.peek().pos);
  return parse_or(in);
}

ExprPtr parse_map_literal(TokenCursor& in) {
  auto pos = in.expect(TokenKind::lbrace, "to open a map").pos;
  TokenCursor::Nesting nested(in, pos);
  auto map = make(ExprKind::map, pos);
  std::unordered_set<std::string> keys;
  if (in.accept(TokenKind::rbrace)) return map;
  do {
    auto key_pos = in.peek().pos;
    auto key = in.expect_name("a key in the map");
    if (!keys.insert(key).second)
      in.fail(key_pos, "the key '" + key + "' appears twice in the map");
    in.expect(TokenKind::colon, "after the map key '" + key + "'");
    map->names.push_back(std::move(key));
    map->args.push_back(parse_expression(in));
  } while (in.accept(TokenKind::comma));
  in.expect(TokenKind::rbrace, "to close the map opened at column " + std::to_string(pos.column));
  return map;
}

}  // namespace ds::query::detail
