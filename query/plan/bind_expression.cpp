// ast::Expr -> Expression in the planner's scope: variables become slots,
// function names catalog entries, aggregates (in WITH and RETURN) slots of
// the aggregation that computes them.

#include "query/plan/planner_state.hpp"

namespace ds::query::detail {
namespace {

using ast::ExprKind;
using K = Expression::Kind;

std::string list_functions() {
  std::string out;
  for (const auto& info : all_functions())
    out += (out.empty() ? "" : ", ") + std::string(info.name);
  return out + ", count, collect, min, max, sum, avg";
}

}  // namespace

Expression PlannerState::bind(const ast::Expr& expr, AggregateCollector* aggregates) {
  Expression out;
  out.pos = expr.pos;
  out.op = expr.op;
  auto bind_args = [&] {
    for (const auto& arg : expr.args)
      out.args.push_back(bind(*arg, aggregates));
  };
  switch (expr.kind) {
    case ExprKind::literal:
      out.kind = K::constant;
      out.constant = from_value(expr.value);
      return out;
    case ExprKind::parameter:
      out.kind = K::parameter;
      out.name = expr.name;
      return out;
    case ExprKind::variable: {
      const Variable* variable = find(expr.name);
      if (!variable)
        fail(QueryErrc::semantic_error,
             "unknown variable '" + expr.name +
                 "' (variables come from MATCH, WITH, UNWIND and YIELD before this point)",
             expr.pos);
      out.kind = K::slot;
      out.slot = variable->slot;
      return out;
    }
    case ExprKind::property:
      out.kind = K::property;
      out.name = expr.name;
      bind_args();
      return out;
    case ExprKind::index:
      out.kind = K::index;
      bind_args();
      return out;
    case ExprKind::slice:
      out.kind = K::slice;
      out.open_from = !expr.args[1];
      out.open_to = !expr.args[2];
      out.args.push_back(bind(*expr.args[0], aggregates));
      for (int side = 1; side <= 2; ++side)
        out.args.push_back(expr.args[side] ? bind(*expr.args[side], aggregates)
                                           : Expression::of_constant({}, expr.pos));
      return out;
    case ExprKind::list:
      out.kind = K::list;
      bind_args();
      return out;
    case ExprKind::map:
      out.kind = K::map;
      out.names = expr.names;
      bind_args();
      return out;
    case ExprKind::has_labels:
      out.kind = K::has_labels;
      out.names = expr.names;
      bind_args();
      return out;
    case ExprKind::unary:
      out.kind = K::unary;
      bind_args();
      return out;
    case ExprKind::binary:
      out.kind = K::binary;
      bind_args();
      return out;
    case ExprKind::count_star:
    case ExprKind::function:
      break;
  }

  // Aggregates.
  auto aggregate = expr.kind == ExprKind::count_star
                       ? std::optional<AggregateInfo>{{"count", Aggregate::count_star}}
                       : find_aggregate(expr.name);
  if (aggregate) {
    if (!aggregates)
      fail(QueryErrc::semantic_error,
           "the aggregate " + std::string(aggregate->name) +
               "() may stand only in WITH and RETURN (use WITH to aggregate, then filter)",
           expr.pos);
    if (aggregates->inside)
      fail(QueryErrc::semantic_error, "an aggregate may not hold another aggregate", expr.pos);
    logical::AggregateCall call;
    call.function = aggregate->aggregate;
    call.distinct = expr.distinct;
    if (expr.kind == ExprKind::function) {
      if (expr.args.size() != 1)
        fail(QueryErrc::semantic_error,
             std::string(aggregate->name) + "() takes one argument, got " +
                 std::to_string(expr.args.size()),
             expr.pos);
      aggregates->inside = true;
      call.arg = bind(*expr.args[0], aggregates);
      aggregates->inside = false;
    }
    call.slot = new_slot(expr.kind == ExprKind::count_star ? "count(*)" : expr.name + "(...)");
    aggregates->calls.push_back(std::move(call));
    return Expression::of_slot(aggregates->calls.back().slot, expr.pos);
  }

  auto info = find_function(expr.name);
  if (!info)
    fail(QueryErrc::semantic_error,
         "unknown function '" + expr.name + "' (known: " + list_functions() + ")", expr.pos);
  if (expr.distinct)
    fail(QueryErrc::semantic_error,
         "DISTINCT applies to aggregates only, not to " + std::string(info->name) + "()", expr.pos);
  auto count = expr.args.size();
  if (count < info->min_args || (info->max_args != 255 && count > info->max_args)) {
    std::string expected = std::to_string(info->min_args);
    if (info->max_args == 255)
      expected += " or more";
    else if (info->max_args != info->min_args)
      expected += " to " + std::to_string(info->max_args);
    fail(QueryErrc::semantic_error,
         std::string(info->name) + "() takes " + expected + " argument" +
             (info->max_args == 1 ? "" : "s") + ", got " + std::to_string(count),
         expr.pos);
  }
  out.kind = K::function;
  out.function = info->function;
  bind_args();
  return out;
}

void conjuncts(const ast::Expr& expr, std::vector<const ast::Expr*>& out) {
  if (expr.kind == ExprKind::binary && expr.op == ast::Op::and_) {
    conjuncts(*expr.args[0], out);
    conjuncts(*expr.args[1], out);
    return;
  }
  out.push_back(&expr);
}

}  // namespace ds::query::detail
