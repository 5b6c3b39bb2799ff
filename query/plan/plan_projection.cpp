// WITH and RETURN: projection, aggregation, DISTINCT, ORDER BY, SKIP, LIMIT,
// and WITH's WHERE. After a WITH only its items are in scope; ORDER BY sees
// the items and (without aggregation or DISTINCT) the variables before them.

#include <algorithm>
#include <set>

#include "query/plan/planner_state.hpp"

namespace ds::query::detail {
namespace {

using K = Expression::Kind;

struct Item {
  std::string name;
  Expression expr;
  SourcePos pos;
  bool aggregate = false;
  VarKind kind = VarKind::value;
  uint32_t slot = 0;  ///< where the item's value lands
};

bool is_slot(const Expression& e) { return e.kind == K::slot; }

VarKind kind_of(const PlannerState& state, const Expression& e) {
  if (!is_slot(e)) return VarKind::value;
  for (const auto& [name, variable] : state.scope())
    if (variable.slot == e.slot) return variable.kind;
  return VarKind::value;
}

const ast::Expr* find_variable(const ast::Expr& expr) {
  if (expr.kind == ast::ExprKind::variable) return &expr;
  for (const auto& arg : expr.args)
    if (arg)
      if (const auto* found = find_variable(*arg)) return found;
  return nullptr;
}

/// SKIP and LIMIT take a constant or a parameter, never a row's value.
Expression bind_count(PlannerState& state, const ast::Expr& expr, std::string_view clause) {
  if (const auto* variable = find_variable(expr))
    state.fail(QueryErrc::semantic_error,
               std::string(clause) + " takes a number or a $parameter, not a variable ('" +
                   variable->name + "')",
               variable->pos);
  return state.bind(expr);
}

std::vector<Item> bind_items(PlannerState& state, const ast::Projection& projection, bool is_return,
                             AggregateCollector& aggregates) {
  std::vector<Item> items;
  if (projection.star) {
    for (const auto& [name, variable] : state.scope()) {
      if (name.empty() || name[0] == ' ') continue;  // anonymous
      Item item;
      item.name = name;
      item.expr = Expression::of_slot(variable.slot);
      item.kind = variable.kind;
      items.push_back(std::move(item));
    }
    if (items.empty())
      state.fail(QueryErrc::semantic_error,
                 std::string(is_return ? "RETURN" : "WITH") + " * has no variables to pass on",
                 SourcePos{});
  }
  for (const auto& source : projection.items) {
    Item item;
    item.pos = source.pos;
    auto before = aggregates.calls.size();
    item.expr = state.bind(*source.expr, &aggregates);
    item.aggregate = aggregates.calls.size() > before;
    item.kind = kind_of(state, item.expr);
    if (!source.alias.empty()) {
      item.name = source.alias;
    } else if (source.expr->kind == ast::ExprKind::variable) {
      item.name = source.expr->name;
    } else if (is_return) {
      item.name = source.text;
    } else {
      state.fail(QueryErrc::semantic_error, "an expression in WITH needs a name: add AS <name>",
                 source.pos);
    }
    items.push_back(std::move(item));
  }
  std::set<std::string> names;
  for (const auto& item : items)
    if (!names.insert(item.name).second)
      state.fail(QueryErrc::semantic_error,
                 "the column '" + item.name + "' appears twice: rename one with AS", item.pos);
  return items;
}

void project(PlannerState& state, std::vector<Item>& items, bool aggregated) {
  logical::Project project;
  for (auto& item : items) {
    if (item.aggregate != aggregated) continue;
    if (is_slot(item.expr)) {
      item.slot = item.expr.slot;
      continue;
    }
    state.load_for(item.expr);
    item.slot = state.new_slot(item.name);
    project.items.emplace_back(item.slot, item.expr);
  }
  if (!project.items.empty()) state.push(std::move(project));
}

void aggregate(PlannerState& state, std::vector<Item>& items, AggregateCollector& aggregates) {
  logical::Aggregation aggregation;
  for (auto& item : items) {
    if (item.aggregate) continue;
    state.load_for(item.expr);
    item.slot = is_slot(item.expr) ? item.expr.slot : state.new_slot(item.name);
    aggregation.keys.emplace_back(item.slot, item.expr);
  }
  for (const auto& call : aggregates.calls)
    state.load_for(call.arg);
  std::set<uint32_t> available;
  for (const auto& [slot, expr] : aggregation.keys)
    available.insert(slot);
  for (const auto& call : aggregates.calls)
    available.insert(call.slot);
  for (const auto& item : items) {
    if (!item.aggregate) continue;
    std::vector<uint32_t> read;
    slots_read(item.expr, read);
    for (auto slot : read)
      if (!available.count(slot))
        state.fail(QueryErrc::semantic_error,
                   "'" + item.name +
                       "' mixes an aggregate with a value that is not a grouping key: return "
                       "that value as its own column",
                   item.pos);
  }
  aggregation.aggregates = std::move(aggregates.calls);
  state.push(std::move(aggregation));
  for (auto slot : available)
    state.mark_loaded(slot);
  project(state, items, true);
}

/// `expr` bound with the items' names in scope over the variables before
/// them (an item shadows a variable of its name).
Expression bind_with_items(PlannerState& state, const ast::Expr& expr,
                           const std::map<std::string, Variable>& item_scope,
                           AggregateCollector* aggregates = nullptr) {
  auto saved = state.scope();
  auto visible = saved;
  for (const auto& [name, variable] : item_scope)
    visible[name] = variable;
  state.replace_scope(std::move(visible));
  auto value = state.bind(expr, aggregates);
  state.replace_scope(std::move(saved));
  return value;
}

/// `expr` with every part that computes an item replaced by the item's slot.
void use_items(Expression& expr, const std::vector<Item>& items) {
  for (const auto& item : items) {
    if (same(expr, item.expr)) {
      expr = Expression::of_slot(item.slot, expr.pos);
      return;
    }
  }
  for (auto& arg : expr.args)
    use_items(arg, items);
}

/// ORDER BY after aggregation or DISTINCT sees only the items: by name, or
/// by writing an item's expression again (`RETURN DISTINCT h.name ORDER BY
/// h.name`, `RETURN count(*) ORDER BY count(*)`).
Expression bind_over_items(PlannerState& state, const ast::Expr& expr,
                           const std::vector<Item>& items,
                           const std::vector<logical::AggregateCall>& calls,
                           const std::map<std::string, Variable>& item_scope) {
  AggregateCollector again;
  auto value = bind_with_items(state, expr, item_scope, &again);
  // An aggregate written again is the one the items computed.
  for (const auto& call : again.calls) {
    const logical::AggregateCall* match = nullptr;
    for (const auto& known : calls)
      if (known.function == call.function && known.distinct == call.distinct &&
          same(known.arg, call.arg))
        match = &known;
    if (!match)
      state.fail(QueryErrc::semantic_error,
                 "ORDER BY may only use aggregates the projection computes", expr.pos);
    std::vector<Expression*> stack{&value};
    while (!stack.empty()) {
      auto* e = stack.back();
      stack.pop_back();
      if (e->kind == K::slot && e->slot == call.slot) e->slot = match->slot;
      for (auto& arg : e->args)
        stack.push_back(&arg);
    }
  }
  use_items(value, items);
  std::vector<uint32_t> read;
  slots_read(value, read);
  for (auto slot : read) {
    bool projected = std::any_of(items.begin(), items.end(),
                                 [&](const Item& item) { return item.slot == slot; });
    if (!projected)
      state.fail(QueryErrc::semantic_error,
                 "after DISTINCT or an aggregate, ORDER BY may use only what is returned: "
                 "return the value, or sort by its column",
                 expr.pos);
  }
  return value;
}

}  // namespace

void plan_projection(PlannerState& state, const ast::Projection& projection, const ast::Expr* where,
                     bool is_return, LogicalPlan* result) {
  AggregateCollector aggregates;
  auto items = bind_items(state, projection, is_return, aggregates);
  bool aggregating = !aggregates.calls.empty();
  auto calls = aggregates.calls;  // ORDER BY may name them again
  if (aggregating)
    aggregate(state, items, aggregates);
  else
    project(state, items, false);

  std::map<std::string, Variable> next_scope;
  std::vector<uint32_t> slots;
  for (const auto& item : items) {
    next_scope[item.name] = Variable{item.slot, item.kind};
    slots.push_back(item.slot);
  }
  if (projection.distinct) state.push(logical::Distinct{slots});

  std::optional<Expression> skip, limit;
  if (projection.skip) skip = bind_count(state, *projection.skip, "SKIP");
  if (projection.limit) limit = bind_count(state, *projection.limit, "LIMIT");

  if (!projection.order_by.empty()) {
    logical::Sort sort;
    for (const auto& key : projection.order_by) {
      auto value = (aggregating || projection.distinct)
                       ? bind_over_items(state, *key.expr, items, calls, next_scope)
                       : bind_with_items(state, *key.expr, next_scope);
      state.load_for(value);
      sort.keys.push_back(logical::SortKey{std::move(value), key.descending});
    }
    if (limit) {
      // Only the first skip + limit rows survive: a bounded sort keeps those.
      if (skip) {
        Expression top;
        top.kind = K::binary;
        top.op = ast::Op::add;
        top.args = {*skip, *limit};
        sort.top = std::move(top);
      } else {
        sort.top = *limit;
      }
    }
    state.push(std::move(sort));
  }
  if (skip) state.push(logical::Skip{std::move(*skip)});
  if (limit) state.push(logical::Limit{std::move(*limit)});

  state.replace_scope(std::move(next_scope));
  if (where) {
    auto predicate = state.bind(*where);
    state.load_for(predicate);
    state.push(logical::Filter{std::move(predicate)});
  }
  if (is_return) {
    state.load_slots(slots);
    for (const auto& item : items) {
      result->columns.push_back(item.name);
      result->column_slots.push_back(item.slot);
    }
  }
}

}  // namespace ds::query::detail
