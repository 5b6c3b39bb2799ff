#include "query/plan/planner.hpp"

#include <algorithm>

#include "query/plan/optimizer.hpp"
#include "query/plan/planner_state.hpp"

namespace ds::query {
namespace detail {

std::string_view describe(VarKind kind) {
  switch (kind) {
    case VarKind::node:
      return "a node";
    case VarKind::relationship:
      return "a relationship";
    case VarKind::rel_list:
      return "a list of relationships";
    case VarKind::path:
      return "a path";
    case VarKind::value:
      return "a value";
  }
  return "a value";
}

PlannerState::PlannerState(const PlanOptions& options) : options_(options) {}

void PlannerState::fail(QueryErrc code, std::string message, SourcePos pos) const {
  throw PlanFailure{QueryError{code, std::move(message), pos}};
}

uint32_t PlannerState::new_slot(std::string name) {
  slot_names_.push_back(std::move(name));
  return static_cast<uint32_t>(slot_names_.size() - 1);
}

const Variable* PlannerState::find(const std::string& name) const {
  auto found = scope_.find(name);
  return found == scope_.end() ? nullptr : &found->second;
}

void PlannerState::push(logical::Body body) {
  auto op = std::make_unique<logical::Op>();
  op->body = std::move(body);
  op->input = std::move(chain_);
  chain_ = std::move(op);
}

void PlannerState::load_for(const Expression& expr) {
  std::vector<uint32_t> read, endpoints;
  slots_read(expr, read);
  endpoint_slots_read(expr, endpoints);
  load_slots(read, endpoints);
}

void PlannerState::load_slots(const std::vector<uint32_t>& slots,
                              const std::vector<uint32_t>& endpoint_slots) {
  logical::LoadEntities load;
  for (auto slot : slots)
    if (loaded_.insert(slot).second) load.slots.push_back(slot);
  load.endpoint_slots = endpoint_slots;
  std::sort(load.endpoint_slots.begin(), load.endpoint_slots.end());
  load.endpoint_slots.erase(std::unique(load.endpoint_slots.begin(), load.endpoint_slots.end()),
                            load.endpoint_slots.end());
  if (!load.slots.empty() || !load.endpoint_slots.empty()) push(std::move(load));
}

namespace {

const char* clause_name(const ast::Clause& clause) {
  static constexpr const char* kNames[] = {"MATCH", "WITH", "RETURN", "UNWIND", "CREATE",
                                           "MERGE", "SET",  "REMOVE", "DELETE", "CALL"};
  return kNames[clause.body.index()];
}

void plan_write(PlannerState& state, const ast::Clause& clause) {
  if (auto* create = std::get_if<ast::Create>(&clause.body)) {
    plan_create(state, *create);
  } else if (auto* merge = std::get_if<ast::Merge>(&clause.body)) {
    plan_merge(state, *merge, clause.pos);
  } else if (auto* set = std::get_if<ast::Set>(&clause.body)) {
    plan_set(state, set->items);
  } else if (auto* remove = std::get_if<ast::Remove>(&clause.body)) {
    plan_remove(state, *remove);
  } else if (auto* del = std::get_if<ast::Delete>(&clause.body)) {
    plan_delete(state, *del);
  }
}

void plan_clauses(PlannerState& state, const ast::Query& query, LogicalPlan& plan) {
  state.push(logical::Once{});
  const auto& clauses = query.clauses;
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    const auto& clause = clauses[i];
    bool last = i + 1 == clauses.size();
    bool reads = std::holds_alternative<ast::Match>(clause.body) ||
                 std::holds_alternative<ast::Merge>(clause.body) ||
                 std::holds_alternative<ast::Call>(clause.body);
    if (plan.writes && reads) state.push(logical::Eager{});  // reads see every write before
    if (auto* match = std::get_if<ast::Match>(&clause.body)) {
      plan_match(state, *match);
    } else if (auto* with = std::get_if<ast::With>(&clause.body)) {
      plan_projection(state, with->projection, with->where.get(), false, nullptr);
    } else if (auto* ret = std::get_if<ast::Return>(&clause.body)) {
      if (!last)
        state.fail(QueryErrc::semantic_error, "RETURN must be the last clause (use WITH to go on)",
                   clauses[i + 1].pos);
      plan_projection(state, ret->projection, nullptr, true, &plan);
    } else if (auto* unwind = std::get_if<ast::Unwind>(&clause.body)) {
      plan_unwind(state, *unwind);
    } else if (auto* call = std::get_if<ast::Call>(&clause.body)) {
      auto names = plan_call(state, *call, clause.pos);
      if (last) {  // a query that ends in CALL returns what it yields
        for (const auto& name : names) {
          plan.columns.push_back(name);
          plan.column_slots.push_back(state.find(name)->slot);
        }
        state.load_slots(plan.column_slots);
      }
    } else {
      plan.writes = true;
      plan_write(state, clause);
    }
  }
  const auto& tail = clauses.back();
  if (std::holds_alternative<ast::Match>(tail.body) ||
      std::holds_alternative<ast::With>(tail.body) ||
      std::holds_alternative<ast::Unwind>(tail.body))
    state.fail(QueryErrc::semantic_error,
               std::string("a query ends with RETURN, CALL or a write; this one ends with ") +
                   clause_name(tail),
               tail.pos);
}

}  // namespace
}  // namespace detail

QueryResult<LogicalPlan> plan_query(const ast::Query& query, const PlanOptions& options) {
  detail::PlannerState state(options);
  LogicalPlan plan;
  try {
    detail::plan_clauses(state, query, plan);
  } catch (detail::PlanFailure& failure) {
    return std::move(failure.error);
  }
  plan.root = state.take_chain();
  plan.slot_names = state.slot_names();
  optimize(plan);
  return plan;
}

}  // namespace ds::query
