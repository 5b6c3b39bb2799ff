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
      "Once",   "Argument", "NodeScan",    "Expand",    "VarExpand",     "LoadEntities",
      "Filter", "Project",  "Aggregation", "Distinct",  "Sort",          "Skip",
      "Limit",  "Unwind",   "Optional",    "BuildPath", "ProcedureCall", "Create",
      "Set",    "Delete",   "Merge",       "Eager"};
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

std::string pattern(const logical::PatternToCreate& pattern, const Names& names) {
  auto node = [&](const logical::NodeToCreate& node) {
    std::string out = "(" + slot(node.slot, names);
    for (const auto& label : node.labels)
      out += ":" + label;
    if (node.properties) out += " " + to_display(*node.properties, names);
    return out + ")";
  };
  std::string out = node(pattern.nodes[0]);
  for (std::size_t i = 0; i < pattern.rels.size(); ++i) {
    const auto& rel = pattern.rels[i];
    std::string inner = slot(rel.slot, names) + ":" + rel.type;
    if (rel.properties) inner += " " + to_display(*rel.properties, names);
    out += (rel.forwards ? "-[" : "<-[") + inner + (rel.forwards ? "]->" : "]-") +
           node(pattern.nodes[i + 1]);
  }
  return out;
}

std::string set_items(const std::vector<logical::SetItem>& items, const Names& names) {
  std::string out;
  for (const auto& item : items) {
    std::string target = slot(item.slot, names), labels;
    for (const auto& label : item.labels)
      labels += ":" + label;
    std::string text;
    switch (item.kind) {
      case logical::SetKind::property:
        text = target + "." + item.property + " = " + to_display(item.value, names);
        break;
      case logical::SetKind::replace:
        text = target + " = " + to_display(item.value, names);
        break;
      case logical::SetKind::merge:
        text = target + " += " + to_display(item.value, names);
        break;
      case logical::SetKind::add_labels:
        text = target + labels;
        break;
      case logical::SetKind::remove_property:
        text = "REMOVE " + target + "." + item.property;
        break;
      case logical::SetKind::remove_labels:
        text = "REMOVE " + target + labels;
        break;
    }
    out += (out.empty() ? "" : ", ") + text;
  }
  return out;
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
  std::string operator()(const logical::LoadEntities& op) const {
    auto loaded = slots(op.slots, names);
    if (op.endpoint_slots.empty()) return loaded;
    auto endpoints = "endpoints of " + slots(op.endpoint_slots, names);
    return loaded.empty() ? endpoints : loaded + ", " + endpoints;
  }
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
  std::string operator()(const logical::Create& op) const {
    std::string out;
    for (const auto& p : op.patterns)
      out += (out.empty() ? "" : ", ") + pattern(p, names);
    return out;
  }
  std::string operator()(const logical::SetItems& op) const { return set_items(op.items, names); }
  std::string operator()(const logical::Delete& op) const {
    std::string out = op.detach ? "DETACH " : "";
    for (std::size_t i = 0; i < op.targets.size(); ++i)
      out += (i ? ", " : "") + to_display(op.targets[i], names);
    return out;
  }
  std::string operator()(const logical::Eager&) const { return ""; }
  std::string operator()(const logical::Merge& op) const {
    std::string out = pattern(op.create, names);
    if (!op.on_create.empty()) out += " ON CREATE SET " + set_items(op.on_create, names);
    if (!op.on_match.empty()) out += " ON MATCH SET " + set_items(op.on_match, names);
    return out;
  }
};

void print(const logical::Op& op, const Names& names, int depth, std::string& out) {
  std::string details = std::visit(Details{names}, op.body);
  out += std::string(static_cast<std::size_t>(depth) * 2, ' ') +
         std::string(logical::name_of(op.body)) + (details.empty() ? "" : " " + details) + "\n";
  const logical::Op* inner = nullptr;
  if (auto* optional = std::get_if<logical::Optional>(&op.body)) inner = optional->inner.get();
  if (auto* merge = std::get_if<logical::Merge>(&op.body)) inner = merge->inner.get();
  if (inner) {
    out += std::string(static_cast<std::size_t>(depth + 1) * 2, ' ') + "(for each row)\n";
    print(*inner, names, depth + 2, out);
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
