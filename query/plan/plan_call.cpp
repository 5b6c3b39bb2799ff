// CALL proc(args) [YIELD field [AS name], ... [WHERE ...]]: a procedure
// from the catalog (procedures.hpp), its yields declared as variables.

#include "query/plan/planner_state.hpp"

namespace ds::query::detail {
namespace {

std::string known_procedures() {
  std::string out;
  for (const auto& info : all_procedures())
    out += (out.empty() ? "" : ", ") + std::string(info.name) + std::string(info.signature);
  return out;
}

}  // namespace

std::vector<std::string> plan_call(PlannerState& state, const ast::Call& call, SourcePos pos) {
  auto info = find_procedure(call.procedure);
  if (!info)
    state.fail(QueryErrc::semantic_error,
               "unknown procedure '" + call.procedure + "' (known: " + known_procedures() + ")",
               pos);
  if (call.args.size() < info->min_args || call.args.size() > info->max_args)
    state.fail(QueryErrc::semantic_error,
               std::string(info->name) + " takes " + std::string(info->signature) + ", got " +
                   std::to_string(call.args.size()) + " argument" +
                   (call.args.size() == 1 ? "" : "s"),
               pos);
  logical::ProcedureCall op;
  op.procedure = info->procedure;
  for (const auto& arg : call.args) {
    op.args.push_back(state.bind(*arg));
    state.load_for(op.args.back());
  }
  // YIELD names outputs (renamed with AS); none or * yields them all.
  std::vector<std::pair<uint32_t, std::string>> yields;
  if (call.yield_all) {
    for (uint32_t i = 0; i < info->outputs.size(); ++i)
      yields.emplace_back(i, std::string(info->outputs[i]));
  }
  for (const auto& item : call.yields) {
    uint32_t index = 0;
    while (index < info->outputs.size() && info->outputs[index] != item.field)
      ++index;
    if (index == info->outputs.size())
      state.fail(QueryErrc::semantic_error,
                 std::string(info->name) + " yields no '" + item.field + "' (it yields " +
                     std::string(info->outputs[0]) + ", " + std::string(info->outputs[1]) + ")",
                 item.pos);
    yields.emplace_back(index, item.alias.empty() ? item.field : item.alias);
  }
  std::vector<std::string> names;
  for (const auto& [index, name] : yields) {
    if (state.find(name))
      state.fail(QueryErrc::semantic_error,
                 "the variable '" + name + "' is already bound: YIELD it AS another name", pos);
    auto slot = state.new_slot(name);
    op.outputs.emplace_back(index, slot);
    state.declare(name, Variable{slot, index == 0 ? VarKind::node : VarKind::value});
    state.mark_loaded(slot);  // the procedure's nodes come loaded
    names.push_back(name);
  }
  state.push(std::move(op));
  if (call.where) {
    auto predicate = state.bind(*call.where);
    state.load_for(predicate);
    state.push(logical::Filter{std::move(predicate)});
  }
  return names;
}

}  // namespace ds::query::detail
