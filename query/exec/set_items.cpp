#include "query/exec/set_items.hpp"

#include <algorithm>

#include "query/exec/pattern_creator.hpp"
#include "storage/import/text_checks.hpp"

namespace ds::query {
namespace {

using logical::SetKind;

QueryError deleted_error(const logical::SetItem& item, std::string_view what) {
  return QueryError{
      QueryErrc::semantic_error,
      "cannot set or remove properties of a " + std::string(what) + " this query deleted",
      item.pos};
}

QueryError not_loaded(const logical::SetItem& item) {
  return QueryError{QueryErrc::runtime_error, "internal: SET on an entity that was not loaded",
                    item.pos};
}

/// What one item does to a property map: returns the keys it set or removed.
QueryResult<std::set<std::string>> edit_properties(ExecContext& context,
                                                   const logical::SetItem& item, const Row& row,
                                                   Properties& properties) {
  std::set<std::string> touched;
  if (item.kind == SetKind::remove_property) {
    properties.erase(item.property);
    touched.insert(item.property);
    return touched;
  }
  auto value = evaluate(item.value, row, context.eval());
  if (!value) return std::move(value).error();
  if (item.kind == SetKind::property) {
    touched.insert(item.property);
    if (value->is_null()) {
      properties.erase(item.property);
      return touched;
    }
    auto stored = to_property(*value, item.property, item.value.pos);
    if (!stored) return std::move(stored).error();
    properties[item.property] = std::move(*stored);
    return touched;
  }
  auto map = to_property_map(*value, item.value.pos, false);
  if (!map) return std::move(map).error();
  if (item.kind == SetKind::replace) {
    for (const auto& [key, old] : properties)
      touched.insert(key);
    properties.clear();
  }
  for (const auto& key : map->nulls) {  // `+= {k: null}` removes k
    properties.erase(key);
    touched.insert(key);
  }
  for (auto& [key, stored] : map->properties) {
    touched.insert(key);
    properties[key] = std::move(stored);
  }
  return touched;
}

QueryResult<bool> set_on_node(ExecContext& context, const logical::SetItem& item, const Row& row,
                              const NodeValue& node) {
  auto& writes = context.writes();
  std::shared_ptr<const storage::Node> current = node.data;
  if (const auto* change = writes.node(node.id)) {
    if (!change->after) return deleted_error(item, "node");
    current = change->after;
  }
  if (!current) return not_loaded(item);
  storage::Node after = *current;
  std::set<std::string> keys, labels;
  auto& counts = writes.counts();
  if (item.kind == SetKind::add_labels || item.kind == SetKind::remove_labels) {
    for (const auto& label : item.labels) {
      if (auto why = storage::check_name(label, "a label"); !why.empty())
        return QueryError{QueryErrc::semantic_error, why, item.pos};
      auto at = std::lower_bound(after.labels.begin(), after.labels.end(), label);
      bool has = at != after.labels.end() && *at == label;
      if (item.kind == SetKind::add_labels && !has) {
        after.labels.insert(at, label);
        ++counts.labels_added;
      } else if (item.kind == SetKind::remove_labels && has) {
        after.labels.erase(at);
        ++counts.labels_removed;
      } else {
        continue;
      }
      labels.insert(label);
    }
  } else {
    auto touched = edit_properties(context, item, row, after.properties);
    if (!touched) return std::move(touched).error();
    counts.properties_set += touched->size();
    keys = std::move(*touched);
  }
  writes.update_node(std::move(after), keys, labels, item.kind == SetKind::replace);
  return true;
}

QueryResult<bool> set_on_relationship(ExecContext& context, const logical::SetItem& item,
                                      const Row& row, const RelValue& rel) {
  if (item.kind == SetKind::add_labels || item.kind == SetKind::remove_labels)
    return QueryError{QueryErrc::type_error,
                      "a relationship has a type, not labels: SET and REMOVE of labels take a node",
                      item.pos};
  auto& writes = context.writes();
  storage::EdgeRef ref{rel.src, rel.type, rel.dst};
  std::optional<Properties> current;
  if (rel.properties) current = *rel.properties;
  if (const auto* change = writes.edge(ref)) {
    if (!change->after) return deleted_error(item, "relationship");
    current = change->after;
  }
  if (writes.deleted(rel.src) || writes.deleted(rel.dst))
    return deleted_error(item, "relationship");
  if (!current) return not_loaded(item);
  auto touched = edit_properties(context, item, row, *current);
  if (!touched) return std::move(touched).error();
  writes.counts().properties_set += touched->size();
  writes.update_edge(ref, std::move(*current));
  return true;
}

}  // namespace

void refresh_row(ExecContext& context, Row& row) {
  for (auto& value : row)
    context.writes().refresh(value);
}

QueryResult<bool> apply_set_items(ExecContext& context, const std::vector<logical::SetItem>& items,
                                  Row& row) {
  refresh_row(context, row);  // the row may hold what earlier rows changed since
  for (const auto& item : items) {
    const auto& target = row[item.slot];
    if (target.is_null()) continue;  // an OPTIONAL MATCH that found nothing: nothing to set
    QueryResult<bool> done = true;
    if (const auto* node = target.get<NodeValue>())
      done = set_on_node(context, item, row, *node);
    else if (const auto* rel = target.get<RelValue>())
      done = set_on_relationship(context, item, row, *rel);
    else
      return type_mismatch(
          item.kind == SetKind::remove_property || item.kind == SetKind::remove_labels ? "REMOVE"
                                                                                       : "SET",
          "a NODE or a RELATIONSHIP", target, item.pos);
    if (!done) return done;
    refresh_row(context, row);
  }
  return true;
}

}  // namespace ds::query
