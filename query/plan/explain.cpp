// EXPLAIN's text: one operator per line, the root first, each input indented
// below the operator that reads it.

#include "query/plan/logical_plan.hpp"
#include "query/syntax/ast_format.hpp"

namespace ds::query {
namespace logical {

std::string_view name_of(const Body& body) {
  if (const auto* scan = std::get_if<NodeScan>(&body); scan && scan->lookup)
    return scan->lookup->by_id ? "NodeById" : "NodeByKey";
  static constexpr std::string_view kNames[] = {
      "Once",   "Argument", "NodeScan",    "Expand",    "VarExpand",    "LoadEntities",
      "Filter", "Project",  "Aggregation", "Distinct",  "Sort",         "Skip",
      "Limit",  "Unwind",   "Optional",    "BuildPath", "ProcedureCall"};
  return kNames[body.index()];
}

}  // namespace logical

namespace {

using Names = std::vector<std::string>;

std::string slot(uint32_t s, const Names& names) {
  return s < names.size() ? names[s] : "#" + std::to_string(s);
}

std::string slots(const std::vector<uint32_t>& list, const Names& names) {
  std::string out;
  for (auto s : list)
    out += (out.empty() ? "" : ", ") + slot(s, names);
  return out;
}

std::string arrow(storage::Direction direction, const std::vector<std::string>& types,
                  const std::string& length) {
  std::string inner;
  for (std::size_t i = 0; i < types.size(); ++i)
    inner += (i ? "|" : ":") + types[i];
  inner += length;
  std::string body = inner.empty() ? "-" : "-[" + inner + "]-";
  switch (direction) {
    case storage::Direction::out:
      return body + ">";
    case storage::Direction::in:
      return "<" + body;
    default:
      return body;
  }
}

struct Details {
  const Names& names;

  std::string operator()(const logical::Once&) const { return ""; }
  std::string operator()(const logical::Argument&) const { return ""; }
  std::string operator()(const logical::NodeScan& op) const {
    std::string out = slot(op.slot, names);
    for (const auto& label : op.labels)
      out += ":" + label;
    if (!op.predicates.empty()) {
      out += " {";
      for (std::size_t i = 0; i < op.predicates.size(); ++i)
        out += (i ? ", " : "") + op.predicates[i].key + " " +
               std::string(ast::spelling(op.predicates[i].op)) + " " +
               to_display(op.predicates[i].value, names);
      out += "}";
    }
    if (op.lookup)
      out += std::string(op.lookup->by_id ? " id" : " key") + (op.lookup->list ? " IN " : " = ") +
             to_display(op.lookup->values, names);
    if (op.limit) out += " limit " + to_display(*op.limit, names);
    return out;
  }
  std::string operator()(const logical::Expand& op) const {
    return "(" + slot(op.from, names) + ")" + arrow(op.direction, op.types, "") + "(" +
           slot(op.to, names) + ")" + (op.into ? " into" : "");
  }
  std::string operator()(const logical::VarExpand& op) const {
    return "(" + slot(op.from, names) + ")" +
           arrow(op.direction, op.types,
                 "*" + std::to_string(op.min) + ".." + std::to_string(op.max)) +
           "(" + slot(op.to, names) + ")" + (op.into ? " into" : "");
  }
  std::string operator()(const logical::LoadEntities& op) const { return slots(op.slots, names); }
  std::string operator()(const logical::Filter& op) const {
    return to_display(op.predicate, names);
  }
  std::string operator()(const logical::Project& op) const {
    std::string out;
    for (const auto& [s, e] : op.items)
      out += (out.empty() ? "" : ", ") + slot(s, names) + " <- " + to_display(e, names);
    return out;
  }
  std::string operator()(const logical::Aggregation& op) const {
    std::string out = "by [";
    for (std::size_t i = 0; i < op.keys.size(); ++i)
      out += (i ? ", " : "") + to_display(op.keys[i].second, names);
    out += "]";
    for (const auto& call : op.aggregates)
      out += ", " + slot(call.slot, names);
    return out;
  }
  std::string operator()(const logical::Distinct& op) const { return slots(op.slots, names); }
  std::string operator()(const logical::Sort& op) const {
    std::string out;
    for (const auto& key : op.keys)
      out += (out.empty() ? "" : ", ") + to_display(key.value, names) +
             (key.descending ? " DESC" : "");
    if (op.top) out += " top " + to_display(*op.top, names);
    return out;
  }
  std::string operator()(const logical::Skip& op) const { return to_display(op.count, names); }
  std::string operator()(const logical::Limit& op) const { return to_display(op.count, names); }
  std::string operator()(const logical::Unwind& op) const {
    return to_display(op.list, names) + " AS " + slot(op.slot, names);
  }
  std::string operator()(const logical::Optional& op) const { return slots(op.introduced, names); }
  std::string operator()(const logical::BuildPath& op) const { return slot(op.slot, names); }
  std::string operator()(const logical::ProcedureCall& op) const {
    std::string out;
    for (const auto& info : all_procedures())
      if (info.procedure == op.procedure) out = std::string(info.name);
    out += "(";
    for (std::size_t i = 0; i < op.args.size(); ++i)
      out += (i ? ", " : "") + to_display(op.args[i], names);
    out += ")";
    for (const auto& [output, s] : op.outputs)
      out += (output == op.outputs.front().first ? " YIELD " : ", ") + slot(s, names);
    return out;
  }
};

void print(const logical::Op& op, const Names& names, int depth, std::string& out) {
  std::string details = std::visit(Details{names}, op.body);
  out += std::string(static_cast<std::size_t>(depth) * 2, ' ') +
         std::string(logical::name_of(op.body)) + (details.empty() ? "" : " " + details) + "\n";
  if (auto* optional = std::get_if<logical::Optional>(&op.body)) {
    out += std::string(static_cast<std::size_t>(depth + 1) * 2, ' ') + "(for each row)\n";
    print(*optional->inner, names, depth + 2, out);
  }
  if (op.input) print(*op.input, names, depth + 1, out);
}

}  // namespace

std::string explain(const LogicalPlan& plan) {
  std::string out = "Results";
  for (std::size_t i = 0; i < plan.columns.size(); ++i)
    out += (i ? ", " : " ") + plan.columns[i];
  out += "\n";
  if (plan.root) print(*plan.root, plan.slot_names, 1, out);
  return out;
}

}  // namespace ds::query
