#include "query/syntax/ast_format.hpp"

#include <charconv>
#include <cmath>

#include "query/syntax/token_cursor.hpp"

namespace ds::query::ast {

std::string_view spelling(Op op) {
  switch (op) {
    case Op::none:
      return "";
    case Op::not_:
      return "NOT";
    case Op::negate:
      return "-";
    case Op::identity:
      return "+";
    case Op::is_null:
      return "IS NULL";
    case Op::is_not_null:
      return "IS NOT NULL";
    case Op::or_:
      return "OR";
    case Op::xor_:
      return "XOR";
    case Op::and_:
      return "AND";
    case Op::eq:
      return "=";
    case Op::ne:
      return "<>";
    case Op::lt:
      return "<";
    case Op::le:
      return "<=";
    case Op::gt:
      return ">";
    case Op::ge:
      return ">=";
    case Op::in:
      return "IN";
    case Op::starts_with:
      return "STARTS WITH";
    case Op::ends_with:
      return "ENDS WITH";
    case Op::contains:
      return "CONTAINS";
    case Op::add:
      return "+";
    case Op::subtract:
      return "-";
    case Op::multiply:
      return "*";
    case Op::divide:
      return "/";
    case Op::modulo:
      return "%";
    case Op::power:
      return "^";
  }
  return "?";
}

std::string quote_string(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    switch (c) {
      case '\'':
        out += "\\'";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        out += c;
    }
  }
  return out + "'";
}

namespace {

bool plain_name(std::string_view name) {
  bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
  for (char c : name)
    plain =
        plain && (c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'));
  return plain;
}

std::string backticked(std::string_view name) {
  std::string out = "`";
  for (char c : name)
    out += c == '`' ? std::string("``") : std::string(1, c);
  return out + "`";
}

}  // namespace

std::string quote_name(std::string_view name) {
  return plain_name(name) ? std::string(name) : backticked(name);
}

std::string quote_variable(std::string_view name) {
  Token token;
  token.kind = TokenKind::identifier;
  token.text = std::string(name);
  return plain_name(name) && !detail::is_reserved(token) ? std::string(name) : backticked(name);
}

namespace {

std::string literal(const ds::Value& value) {
  struct Print {
    std::string operator()(std::monostate) const { return "null"; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const {
      if (std::isnan(d)) return "(0.0 / 0.0)";
      if (std::isinf(d)) return d > 0 ? "(1.0 / 0.0)" : "(-1.0 / 0.0)";
      char buffer[32];
      auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
      std::string text(buffer, end);
      // Keep it a float when read back: 1 -> 1.0.
      if (text.find_first_of(".en") == std::string::npos) text += ".0";
      return text;
    }
    std::string operator()(const std::string& s) const { return quote_string(s); }
    std::string operator()(const ds::Value::List& list) const {
      std::string out = "[";
      for (std::size_t i = 0; i < list.size(); ++i)
        out += (i ? ", " : "") + literal(list[i]);
      return out + "]";
    }
  };
  return std::visit(Print{}, value.data);
}

std::string joined(const std::vector<ExprPtr>& args, std::size_t from = 0) {
  std::string out;
  for (std::size_t i = from; i < args.size(); ++i)
    out += (i > from ? ", " : "") + (args[i] ? to_cypher(*args[i]) : std::string());
  return out;
}

std::string properties(const ExprPtr& map) { return map ? " " + to_cypher(*map) : ""; }

std::string node(const NodePattern& node) {
  std::string out = "(" + (node.variable.empty() ? "" : quote_variable(node.variable));
  for (const auto& label : node.labels)
    out += ":" + quote_name(label);
  return out + properties(node.properties) + ")";
}

std::string rel(const RelPattern& rel) {
  std::string detail = rel.variable.empty() ? "" : quote_variable(rel.variable);
  for (std::size_t i = 0; i < rel.types.size(); ++i)
    detail += (i ? "|" : ":") + quote_name(rel.types[i]);
  if (rel.length) {
    detail += "*";
    const auto& [min, max] = *rel.length;
    if (min && max && *min == *max) {
      detail += std::to_string(*min);
    } else if (min || max) {
      if (min) detail += std::to_string(*min);
      detail += "..";
      if (max) detail += std::to_string(*max);
    }
  }
  detail += properties(rel.properties);
  std::string body = detail.empty() ? "--" : "-[" + detail + "]-";
  switch (rel.direction) {
    case RelDirection::right:
      return body + ">";
    case RelDirection::left:
      return "<" + body;
    case RelDirection::both:
      return body;
  }
  return body;
}

std::string projection(const Projection& p) {
  std::string out = p.distinct ? "DISTINCT " : "";
  if (p.star) out += p.items.empty() ? "*" : "*, ";
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    out += (i ? ", " : "") + to_cypher(*p.items[i].expr);
    if (!p.items[i].alias.empty()) out += " AS " + quote_variable(p.items[i].alias);
  }
  if (!p.order_by.empty()) {
    out += " ORDER BY ";
    for (std::size_t i = 0; i < p.order_by.size(); ++i)
      out += (i ? ", " : "") + to_cypher(*p.order_by[i].expr) +
             (p.order_by[i].descending ? " DESC" : "");
  }
  if (p.skip) out += " SKIP " + to_cypher(*p.skip);
  if (p.limit) out += " LIMIT " + to_cypher(*p.limit);
  return out;
}

std::string set_items(const std::vector<SetItem>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    out += (i ? ", " : "") + quote_variable(item.variable);
    switch (item.kind) {
      case SetKind::property:
        out += "." + quote_name(item.property) + " = " + to_cypher(*item.value);
        break;
      case SetKind::replace:
        out += " = " + to_cypher(*item.value);
        break;
      case SetKind::merge:
        out += " += " + to_cypher(*item.value);
        break;
      case SetKind::labels:
        for (const auto& label : item.labels)
          out += ":" + quote_name(label);
        break;
    }
  }
  return out;
}

std::string patterns(const std::vector<PathPattern>& list) {
  std::string out;
  for (std::size_t i = 0; i < list.size(); ++i)
    out += (i ? ", " : "") + to_cypher(list[i]);
  return out;
}

std::string where(const ExprPtr& condition) {
  return condition ? " WHERE " + to_cypher(*condition) : "";
}

struct ClauseText {
  std::string operator()(const Match& m) const {
    return std::string(m.optional ? "OPTIONAL MATCH " : "MATCH ") + patterns(m.patterns) +
           where(m.where);
  }
  std::string operator()(const With& w) const {
    return "WITH " + projection(w.projection) + where(w.where);
  }
  std::string operator()(const Return& r) const { return "RETURN " + projection(r.projection); }
  std::string operator()(const Unwind& u) const {
    return "UNWIND " + to_cypher(*u.list) + " AS " + quote_variable(u.alias);
  }
  std::string operator()(const Create& c) const { return "CREATE " + patterns(c.patterns); }
  std::string operator()(const Merge& m) const {
    std::string out = "MERGE " + to_cypher(m.pattern);
    if (!m.on_create.empty()) out += " ON CREATE SET " + set_items(m.on_create);
    if (!m.on_match.empty()) out += " ON MATCH SET " + set_items(m.on_match);
    return out;
  }
  std::string operator()(const Set& s) const { return "SET " + set_items(s.items); }
  std::string operator()(const Remove& r) const {
    std::string out = "REMOVE ";
    for (std::size_t i = 0; i < r.items.size(); ++i) {
      out += (i ? ", " : "") + quote_variable(r.items[i].variable);
      if (!r.items[i].property.empty()) out += "." + quote_name(r.items[i].property);
      for (const auto& label : r.items[i].labels)
        out += ":" + quote_name(label);
    }
    return out;
  }
  std::string operator()(const Delete& d) const {
    return std::string(d.detach ? "DETACH DELETE " : "DELETE ") + joined(d.targets);
  }
  std::string operator()(const Call& c) const {
    std::string out = "CALL ";
    for (std::size_t i = 0; i < c.procedure_parts.size(); ++i)
      out += (i ? "." : "") + quote_name(c.procedure_parts[i]);
    out += "(" + joined(c.args) + ")";
    if (c.yields.empty()) return out;
    out += " YIELD ";
    for (std::size_t i = 0; i < c.yields.size(); ++i) {
      out += (i ? ", " : "") + quote_name(c.yields[i].field);
      if (!c.yields[i].alias.empty()) out += " AS " + quote_variable(c.yields[i].alias);
    }
    return out + where(c.where);
  }
};

}  // namespace

std::string to_cypher(const Expr& expr) {
  switch (expr.kind) {
    case ExprKind::literal:
      return literal(expr.value);
    case ExprKind::parameter:
      if (!expr.name.empty() && expr.name.find_first_not_of("0123456789") == std::string::npos)
        return "$" + expr.name;  // $0
      return "$" + quote_name(expr.name);
    case ExprKind::variable:
      return quote_variable(expr.name);
    case ExprKind::property:
      return to_cypher(*expr.args[0]) + "." + quote_name(expr.name);
    case ExprKind::index:
      return to_cypher(*expr.args[0]) + "[" + to_cypher(*expr.args[1]) + "]";
    case ExprKind::slice:
      return to_cypher(*expr.args[0]) + "[" + (expr.args[1] ? to_cypher(*expr.args[1]) : "") +
             ".." + (expr.args[2] ? to_cypher(*expr.args[2]) : "") + "]";
    case ExprKind::list:
      return "[" + joined(expr.args) + "]";
    case ExprKind::map: {
      std::string out = "{";
      for (std::size_t i = 0; i < expr.args.size(); ++i)
        out += (i ? ", " : "") + quote_name(expr.names[i]) + ": " + to_cypher(*expr.args[i]);
      return out + "}";
    }
    case ExprKind::function: {
      std::string name;
      for (std::size_t i = 0; i < expr.names.size(); ++i)
        name += (i ? "." : "") + quote_name(expr.names[i]);
      return name + "(" + (expr.distinct ? "DISTINCT " : "") + joined(expr.args) + ")";
    }
    case ExprKind::count_star:
      return "count(*)";
    case ExprKind::has_labels: {
      std::string out = to_cypher(*expr.args[0]);
      for (const auto& label : expr.names)
        out += ":" + quote_name(label);
      return out;
    }
    case ExprKind::unary:
      if (expr.op == Op::is_null || expr.op == Op::is_not_null)
        return "(" + to_cypher(*expr.args[0]) + " " + std::string(spelling(expr.op)) + ")";
      return "(" + std::string(spelling(expr.op)) + (expr.op == Op::not_ ? " " : "") +
             to_cypher(*expr.args[0]) + ")";
    case ExprKind::binary:
      return "(" + to_cypher(*expr.args[0]) + " " + std::string(spelling(expr.op)) + " " +
             to_cypher(*expr.args[1]) + ")";
  }
  return "?";
}

std::string to_cypher(const PathPattern& pattern) {
  std::string out = pattern.variable.empty() ? "" : quote_variable(pattern.variable) + " = ";
  out += node(pattern.start);
  for (const auto& step : pattern.steps)
    out += rel(step.rel) + node(step.node);
  return out;
}

std::string to_cypher(const Query& query) {
  std::string out = query.mode == QueryMode::explain   ? "EXPLAIN "
                    : query.mode == QueryMode::profile ? "PROFILE "
                                                       : "";
  for (std::size_t i = 0; i < query.clauses.size(); ++i)
    out += (i ? " " : "") + std::visit(ClauseText{}, query.clauses[i].body);
  return out;
}

}  // namespace ds::query::ast
