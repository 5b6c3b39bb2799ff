// CREATE, MERGE, SET, REMOVE and DELETE: the write operators. Property maps
// are bound in the scope before the clause (a pattern cannot read the
// entities it creates, as in Neo4j); the entities a write operator changes
// are loaded before it runs, since it computes their new state from the old.

#include <algorithm>

#include "query/plan/planner_state.hpp"

namespace ds::query::detail {
namespace {

std::optional<Expression> bind_map(PlannerState& state, const ast::ExprPtr& map) {
  if (!map) return std::nullopt;
  return state.bind(*map);
}

/// What CREATE and MERGE accept of a relationship: one type, no hop range;
/// CREATE also needs a direction.
void check_rel(const PlannerState& state, const ast::RelPattern& rel, std::string_view clause) {
  if (rel.length)
    state.fail(QueryErrc::not_supported,
               "not supported: a variable-length relationship in " + std::string(clause), rel.pos);
  if (rel.types.size() != 1)
    state.fail(QueryErrc::semantic_error,
               std::string(clause) + " needs exactly one type for each relationship ([:TYPE])",
               rel.pos);
  if (clause == "CREATE" && rel.direction == ast::RelDirection::both)
    state.fail(QueryErrc::semantic_error,
               "CREATE needs the direction of each relationship (-> or <-)", rel.pos);
}

/// A pattern's nodes and relationships with their maps bound, before any
/// of its variables is declared.
logical::PatternToCreate bind_pattern(PlannerState& state, const ast::PathPattern& pattern,
                                      std::string_view clause) {
  logical::PatternToCreate out;
  auto node = [&](const ast::NodePattern& ast) {
    logical::NodeToCreate node;
    node.labels = ast.labels;
    node.properties = bind_map(state, ast.properties);
    node.pos = ast.pos;
    out.nodes.push_back(std::move(node));
  };
  node(pattern.start);
  for (const auto& step : pattern.steps) {
    check_rel(state, step.rel, clause);
    logical::RelToCreate rel;
    rel.type = step.rel.types.front();
    rel.forwards = step.rel.direction != ast::RelDirection::left;
    rel.properties = bind_map(state, step.rel.properties);
    rel.pos = step.rel.pos;
    out.rels.push_back(std::move(rel));
    node(step.node);
  }
  return out;
}

/// CREATE's variables: a bound node is used as it is; anything else is new.
void declare_created(PlannerState& state, const ast::PathPattern& pattern,
                     logical::PatternToCreate& out) {
  auto node = [&](const ast::NodePattern& ast, logical::NodeToCreate& node) {
    if (const auto* variable = ast.variable.empty() ? nullptr : state.find(ast.variable)) {
      if (variable->kind != VarKind::node)
        state.fail(
            QueryErrc::semantic_error,
            "'" + ast.variable + "' is " + std::string(describe(variable->kind)) + ", not a node",
            ast.pos);
      if (!ast.labels.empty() || ast.properties)
        state.fail(QueryErrc::semantic_error,
                   "'" + ast.variable +
                       "' is bound already: CREATE cannot add labels or properties to it (use SET)",
                   ast.pos);
      node.bound = true;
      node.slot = variable->slot;
      return;
    }
    auto name = ast.variable.empty() ? "  node@" + std::to_string(ast.pos.column) : ast.variable;
    node.slot = state.new_slot(name);
    if (!ast.variable.empty()) state.declare(ast.variable, Variable{node.slot, VarKind::node});
    state.mark_loaded(node.slot);
  };
  node(pattern.start, out.nodes[0]);
  for (std::size_t i = 0; i < pattern.steps.size(); ++i) {
    const auto& rel = pattern.steps[i].rel;
    if (!rel.variable.empty() && state.find(rel.variable))
      state.fail(QueryErrc::semantic_error,
                 "'" + rel.variable + "' is bound already: CREATE makes a new relationship",
                 rel.pos);
    auto name = rel.variable.empty() ? "  rel@" + std::to_string(rel.pos.column) : rel.variable;
    out.rels[i].slot = state.new_slot(name);
    if (!rel.variable.empty())
      state.declare(rel.variable, Variable{out.rels[i].slot, VarKind::relationship});
    state.mark_loaded(out.rels[i].slot);
    node(pattern.steps[i].node, out.nodes[i + 1]);
  }
}

/// `p = (...)` of a CREATE: the path built from the created parts.
void build_path(PlannerState& state, const ast::PathPattern& pattern,
                const logical::PatternToCreate& created) {
  if (pattern.variable.empty()) return;
  if (state.find(pattern.variable))
    state.fail(QueryErrc::semantic_error,
               "the path variable '" + pattern.variable + "' is already bound", pattern.pos);
  logical::BuildPath path;
  path.slot = state.new_slot(pattern.variable);
  path.start = created.nodes[0].slot;
  for (std::size_t i = 0; i < created.rels.size(); ++i)
    path.steps.emplace_back(created.rels[i].slot, created.nodes[i + 1].slot);
  state.declare(pattern.variable, Variable{path.slot, VarKind::path});
  state.push(std::move(path));
}

void load_for(PlannerState& state, const logical::PatternToCreate& pattern) {
  for (const auto& node : pattern.nodes)
    if (node.properties) state.load_for(*node.properties);
  for (const auto& rel : pattern.rels)
    if (rel.properties) state.load_for(*rel.properties);
}

logical::SetItem bind_target(PlannerState& state, const std::string& name, SourcePos pos) {
  const auto* variable = state.find(name);
  if (!variable) state.fail(QueryErrc::semantic_error, "unknown variable '" + name + "'", pos);
  if (variable->kind != VarKind::node && variable->kind != VarKind::relationship &&
      variable->kind != VarKind::value)
    state.fail(QueryErrc::semantic_error,
               "'" + name + "' is " + std::string(describe(variable->kind)) +
                   ": only nodes and relationships have properties and labels",
               pos);
  logical::SetItem item;
  item.slot = variable->slot;
  item.pos = pos;
  return item;
}

std::vector<logical::SetItem> bind_set_items(PlannerState& state,
                                             const std::vector<ast::SetItem>& items) {
  std::vector<logical::SetItem> out;
  for (const auto& ast : items) {
    auto item = bind_target(state, ast.variable, ast.pos);
    switch (ast.kind) {
      case ast::SetKind::property:
        item.kind = logical::SetKind::property;
        item.property = ast.property;
        break;
      case ast::SetKind::replace:
        item.kind = logical::SetKind::replace;
        break;
      case ast::SetKind::merge:
        item.kind = logical::SetKind::merge;
        break;
      case ast::SetKind::labels:
        item.kind = logical::SetKind::add_labels;
        item.labels = ast.labels;
        break;
    }
    if (ast.value) item.value = state.bind(*ast.value);
    out.push_back(std::move(item));
  }
  return out;
}

/// Loads what the items read and the entities they change.
void load_for(PlannerState& state, const std::vector<logical::SetItem>& items) {
  for (const auto& item : items) {
    state.load_slots({item.slot});
    state.load_for(item.value);
  }
}

}  // namespace

void plan_create(PlannerState& state, const ast::Create& create) {
  std::vector<logical::PatternToCreate> patterns;
  for (const auto& pattern : create.patterns)
    patterns.push_back(bind_pattern(state, pattern, "CREATE"));
  for (const auto& pattern : patterns)
    load_for(state, pattern);
  for (std::size_t i = 0; i < patterns.size(); ++i)
    declare_created(state, create.patterns[i], patterns[i]);
  auto built = patterns;
  state.push(logical::Create{std::move(patterns)});
  for (std::size_t i = 0; i < built.size(); ++i)
    build_path(state, create.patterns[i], built[i]);
}

void plan_merge(PlannerState& state, const ast::Merge& merge, SourcePos pos) {
  const auto& pattern = merge.pattern;
  if (!pattern.variable.empty())
    state.fail(QueryErrc::not_supported, "not supported: a path variable in MERGE", pattern.pos);
  auto create = bind_pattern(state, pattern, "MERGE");
  auto bound = [&](const ast::NodePattern& node) {
    const auto* variable = node.variable.empty() ? nullptr : state.find(node.variable);
    return variable != nullptr;
  };
  create.nodes[0].bound = bound(pattern.start);
  for (std::size_t i = 0; i < pattern.steps.size(); ++i)
    create.nodes[i + 1].bound = bound(pattern.steps[i].node);
  for (std::size_t i = 0; i < pattern.steps.size(); ++i)
    if (!pattern.steps[i].rel.variable.empty() && state.find(pattern.steps[i].rel.variable))
      state.fail(QueryErrc::semantic_error,
                 "'" + pattern.steps[i].rel.variable + "' is bound already: MERGE needs a new one",
                 pattern.steps[i].rel.pos);
  if (std::all_of(create.nodes.begin(), create.nodes.end(),
                  [](const auto& node) { return node.bound; }) &&
      create.rels.empty())
    state.fail(QueryErrc::semantic_error, "MERGE of a node that is bound already changes nothing",
               pos);
  // What a MERGE reads and changes is loaded before it, in the input rows;
  // what the inner plan loads is loaded only in the rows it matched.
  auto loaded = state.loaded();
  load_for(state, create);
  auto outer = state.take_chain();
  state.push(logical::Argument{});
  PatternSlots slots;
  auto introduced = plan_pattern_match(state, pattern, slots);
  for (std::size_t i = 0; i < slots.nodes.size(); ++i)
    create.nodes[i].slot = slots.nodes[i];
  for (std::size_t i = 0; i < slots.rels.size(); ++i)
    create.rels[i].slot = slots.rels[i];
  auto on_match = bind_set_items(state, merge.on_match);
  load_for(state, on_match);
  auto inner = state.take_chain();
  state.set_chain(std::move(outer));
  auto on_create = bind_set_items(state, merge.on_create);
  for (const auto& item : on_create) {
    if (std::find(introduced.begin(), introduced.end(), item.slot) == introduced.end())
      state.load_slots({item.slot});  // bound before the MERGE; created ones come loaded
    state.load_for(item.value);
  }
  state.push(logical::Merge{std::move(inner), std::move(introduced), std::move(create),
                            std::move(on_create), std::move(on_match)});
  state.set_loaded(std::move(loaded));
}

void plan_set(PlannerState& state, const std::vector<ast::SetItem>& items) {
  auto bound = bind_set_items(state, items);
  load_for(state, bound);
  state.push(logical::SetItems{std::move(bound)});
}

void plan_remove(PlannerState& state, const ast::Remove& remove) {
  std::vector<logical::SetItem> items;
  for (const auto& ast : remove.items) {
    auto item = bind_target(state, ast.variable, ast.pos);
    item.kind =
        ast.property.empty() ? logical::SetKind::remove_labels : logical::SetKind::remove_property;
    item.property = ast.property;
    item.labels = ast.labels;
    items.push_back(std::move(item));
  }
  load_for(state, items);
  state.push(logical::SetItems{std::move(items)});
}

void plan_delete(PlannerState& state, const ast::Delete& del) {
  logical::Delete op;
  op.detach = del.detach;
  for (const auto& target : del.targets)
    op.targets.push_back(state.bind(*target));
  state.push(std::move(op));
}

}  // namespace ds::query::detail
