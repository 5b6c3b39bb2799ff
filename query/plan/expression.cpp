#include "query/plan/expression.hpp"

#include "query/syntax/ast_format.hpp"

namespace ds::query {

bool same(const Expression& a, const Expression& b) {
  if (a.kind != b.kind || a.op != b.op || a.function != b.function || a.open_from != b.open_from ||
      a.open_to != b.open_to || a.slot != b.slot || a.name != b.name || a.names != b.names ||
      a.args.size() != b.args.size())
    return false;
  if (a.kind == Expression::Kind::constant &&
      (a.constant.data.index() != b.constant.data.index() || !equivalent(a.constant, b.constant)))
    return false;
  for (std::size_t i = 0; i < a.args.size(); ++i)
    if (!same(a.args[i], b.args[i])) return false;
  return true;
}

void slots_read(const Expression& expr, std::vector<uint32_t>& out) {
  if (expr.kind == Expression::Kind::slot) out.push_back(expr.slot);
  for (const auto& arg : expr.args)
    slots_read(arg, out);
}

void endpoint_slots_read(const Expression& expr, std::vector<uint32_t>& out) {
  if (expr.kind == Expression::Kind::function && is_endpoint_function(expr.function))
    for (const auto& arg : expr.args)
      slots_read(arg, out);
  for (const auto& arg : expr.args)
    endpoint_slots_read(arg, out);
}

namespace {

std::string joined(const std::vector<Expression>& args, const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < args.size(); ++i)
    out += (i ? ", " : "") + to_display(args[i], names);
  return out;
}

}  // namespace

std::string to_display(const Expression& expr, const std::vector<std::string>& slot_names) {
  using K = Expression::Kind;
  const auto& a = expr.args;
  switch (expr.kind) {
    case K::constant:
      return query::to_display(expr.constant);
    case K::parameter:
      return "$" + expr.name;
    case K::slot:
      return expr.slot < slot_names.size() ? slot_names[expr.slot]
                                           : "#" + std::to_string(expr.slot);
    case K::property:
      return to_display(a[0], slot_names) + "." + expr.name;
    case K::index:
      return to_display(a[0], slot_names) + "[" + to_display(a[1], slot_names) + "]";
    case K::slice:
      return to_display(a[0], slot_names) + "[" +
             (expr.open_from ? "" : to_display(a[1], slot_names)) + ".." +
             (expr.open_to ? "" : to_display(a[2], slot_names)) + "]";
    case K::list:
      return "[" + joined(a, slot_names) + "]";
    case K::map: {
      std::string out = "{";
      for (std::size_t i = 0; i < a.size(); ++i)
        out += (i ? ", " : "") + expr.names[i] + ": " + to_display(a[i], slot_names);
      return out + "}";
    }
    case K::function: {
      std::string name = "?";
      for (const auto& info : all_functions())
        if (info.function == expr.function) name = std::string(info.name);
      return name + "(" + joined(a, slot_names) + ")";
    }
    case K::has_labels: {
      std::string out = to_display(a[0], slot_names);
      for (const auto& label : expr.names)
        out += ":" + label;
      return out;
    }
    case K::unary:
      if (expr.op == ast::Op::is_null || expr.op == ast::Op::is_not_null)
        return "(" + to_display(a[0], slot_names) + " " + std::string(ast::spelling(expr.op)) + ")";
      return "(" + std::string(ast::spelling(expr.op)) + " " + to_display(a[0], slot_names) + ")";
    case K::binary:
      return "(" + to_display(a[0], slot_names) + " " + std::string(ast::spelling(expr.op)) + " " +
             to_display(a[1], slot_names) + ")";
  }
  return "?";
}

}  // namespace ds::query
