#include "query/exec/write_set.hpp"

#include <functional>

namespace ds::query {
namespace {

using NodeEdit = std::function<bool(NodeValue&)>;
using RelEdit = std::function<bool(RelValue&)>;

/// Applies the edits to every node and relationship in `value`, also inside
/// lists, maps and paths (which are shared, so they are copied when one of
/// their parts changes); returns whether anything changed.
bool edit_entities(Datum& value, const NodeEdit& node, const RelEdit& rel) {
  if (auto* n = std::get_if<NodeValue>(&value.data)) return node(*n);
  if (auto* r = std::get_if<RelValue>(&value.data)) return rel(*r);
  if (const auto* list = value.list()) {
    auto copy = *list;
    bool changed = false;
    for (auto& item : copy)
      changed = edit_entities(item, node, rel) || changed;
    if (changed) value = Datum{std::move(copy)};
    return changed;
  }
  if (const auto* map = value.map_entries()) {
    auto copy = *map;
    bool changed = false;
    for (auto& entry : copy)
      changed = edit_entities(entry.second, node, rel) || changed;
    if (changed) value = Datum::map(std::move(copy));
    return changed;
  }
  if (const auto* path = value.path()) {
    auto copy = *path;
    bool changed = false;
    for (auto& n : copy.nodes)
      changed = node(n) || changed;
    for (auto& r : copy.rels)
      changed = rel(r) || changed;
    if (changed) value = Datum{std::move(copy)};
    return changed;
  }
  return false;
}

}  // namespace

NodeValue WriteSet::create_node(storage::EntityId id, std::string key,
                                std::vector<std::string> labels, Properties properties,
                                bool must_be_new) {
  auto node = std::make_shared<storage::Node>();
  node->id = id;
  node->key = std::move(key);
  node->labels = std::move(labels);
  node->properties = std::move(properties);
  std::shared_ptr<const storage::Node> after = std::move(node);
  auto& change = nodes_[after->id];
  change.after = after;
  change.created = true;
  change.must_be_new = must_be_new;
  keys_[after->key] = after->id;
  cache_[after->id] = after;
  ++counts_.nodes_created;
  counts_.labels_added += after->labels.size();
  counts_.properties_set += after->properties.size();
  return NodeValue{after->id, after};
}

void WriteSet::update_node(storage::Node after, const std::set<std::string>& keys,
                           const std::set<std::string>& labels, bool replaced) {
  auto shared = std::make_shared<const storage::Node>(std::move(after));
  auto& change = nodes_[shared->id];
  change.after = shared;
  change.replaced = change.replaced || replaced;
  change.keys.insert(keys.begin(), keys.end());
  change.labels.insert(labels.begin(), labels.end());
  keys_[shared->key] = shared->id;
  cache_[shared->id] = shared;
}

bool WriteSet::delete_node(storage::EntityId id, bool detach) {
  auto [it, added] = nodes_.try_emplace(id);
  auto& change = it->second;
  change.detach = change.detach || detach;
  if (!added && !change.after) return false;  // deleted already
  if (auto cached = cache_.find(id); cached != cache_.end() && cached->second)
    change.key = cached->second->key;
  change.after = nullptr;
  cache_.erase(id);
  ++counts_.nodes_deleted;
  return true;
}

RelValue WriteSet::create_edge(storage::EntityId src, std::string type, storage::EntityId dst,
                               Properties properties) {
  storage::EdgeRef ref{src, type, dst};
  auto& change = edges_[ref];
  change.after = properties;
  change.created = true;
  created_by_node_.emplace(src, ref);
  if (dst != src) created_by_node_.emplace(dst, ref);
  ++counts_.relationships_created;
  counts_.properties_set += properties.size();
  return RelValue{src, std::move(type), dst,
                  std::make_shared<const Properties>(std::move(properties))};
}

void WriteSet::update_edge(const storage::EdgeRef& edge, Properties after) {
  edges_[edge].after = std::move(after);
}

bool WriteSet::delete_edge(const storage::EdgeRef& edge) {
  auto [it, added] = edges_.try_emplace(edge);
  if (!added && !it->second.after) return false;
  it->second.after.reset();
  ++counts_.relationships_deleted;
  return true;
}

const NodeChange* WriteSet::node(storage::EntityId id) const {
  auto found = nodes_.find(id);
  return found == nodes_.end() ? nullptr : &found->second;
}

const EdgeChange* WriteSet::edge(const storage::EdgeRef& edge) const {
  auto found = edges_.find(edge);
  return found == edges_.end() ? nullptr : &found->second;
}

bool WriteSet::deleted(storage::EntityId id) const {
  const auto* change = node(id);
  return change && !change->after;
}

std::optional<storage::EntityId> WriteSet::id_of_key(const std::string& key) const {
  auto found = keys_.find(key);
  if (found == keys_.end()) return std::nullopt;
  return found->second;
}

bool WriteSet::key_taken(const std::string& key) const {
  auto id = id_of_key(key);
  return id && !deleted(*id);
}

std::vector<storage::EdgeRef> WriteSet::created_edges_of(storage::EntityId id) const {
  std::vector<storage::EdgeRef> out;
  auto [first, last] = created_by_node_.equal_range(id);
  for (auto it = first; it != last; ++it)
    out.push_back(it->second);
  return out;
}

void WriteSet::refresh(Datum& value) const {
  if (empty()) return;
  edit_entities(
      value,
      [&](NodeValue& n) {
        const auto* change = node(n.id);
        if (!change || !change->after || n.data == change->after) return false;
        n.data = change->after;
        return true;
      },
      [&](RelValue& r) {
        const auto* change = edge(storage::EdgeRef{r.src, r.type, r.dst});
        if (!change || !change->after) return false;
        if (r.properties && *r.properties == *change->after) return false;
        r.properties = std::make_shared<const Properties>(*change->after);
        return true;
      });
}

void assign_ids(Datum& value, const std::unordered_map<storage::EntityId, storage::EntityId>& ids) {
  auto real = [&](storage::EntityId& id) {
    auto found = ids.find(id);
    if (found == ids.end()) return false;
    id = found->second;
    return true;
  };
  edit_entities(
      value,
      [&](NodeValue& n) {
        if (!real(n.id)) return false;
        if (n.data) {
          auto copy = std::make_shared<storage::Node>(*n.data);
          copy->id = n.id;
          n.data = std::move(copy);
        }
        return true;
      },
      [&](RelValue& r) {
        bool src = real(r.src);
        bool dst = real(r.dst);
        return src || dst;
      });
}

}  // namespace ds::query
