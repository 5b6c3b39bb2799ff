#include "query/testing/memory_graph.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "query/exec/write_set.hpp"

namespace ds::query::testing {

storage::EntityId MemoryGraph::ensure(const std::string& key) {
  auto found = keys_.find(key);
  if (found != keys_.end()) return found->second;
  storage::EntityId id = ++last_id_;
  keys_.emplace(key, id);
  storage::Node node;
  node.id = id;
  node.key = key;
  nodes_.emplace(id, std::move(node));
  return id;
}

storage::EntityId MemoryGraph::put_node(const storage::NodeItem& item) {
  auto id = ensure(item.key);
  auto& node = nodes_[id];
  node.labels = item.labels;
  std::sort(node.labels.begin(), node.labels.end());
  node.labels.erase(std::unique(node.labels.begin(), node.labels.end()), node.labels.end());
  node.properties = item.properties;
  return id;
}

void MemoryGraph::put_edge(const storage::EdgeItem& item) {
  edges_[{ensure(item.src), item.type, ensure(item.dst)}] = item.properties;
}

Result<void> MemoryGraph::load(storage::ImportSource& source) {
  while (true) {
    auto batch = source.next(1000);
    if (!batch) return std::move(batch).error();
    if (!*batch) return {};
    for (const auto& node : (*batch)->nodes)
      put_node(node);
    for (const auto& edge : (*batch)->edges)
      put_edge(edge);
  }
}

void MemoryGraph::scan_nodes(NodeScanRequest request, Reply<std::vector<storage::Node>> reply) {
  std::vector<storage::Node> out;
  for (const auto& [id, node] : nodes_) {
    if (request.limit != 0 && out.size() == request.limit) break;
    if (passes(node, request)) out.push_back(node);
  }
  reply(std::move(out));
}

void MemoryGraph::get_nodes(std::vector<storage::EntityId> ids,
                            Reply<std::vector<std::optional<storage::Node>>> reply) {
  ++get_calls_;
  std::vector<std::optional<storage::Node>> out;
  for (auto id : ids) {
    auto found = nodes_.find(id);
    out.push_back(found == nodes_.end() ? std::nullopt : std::optional{found->second});
  }
  reply(std::move(out));
}

void MemoryGraph::get_nodes_by_key(std::vector<std::string> keys,
                                   Reply<std::vector<std::optional<storage::Node>>> reply) {
  ++get_calls_;
  std::vector<std::optional<storage::Node>> out;
  for (const auto& key : keys) {
    auto found = keys_.find(key);
    out.push_back(found == keys_.end() ? std::nullopt : std::optional{nodes_.at(found->second)});
  }
  reply(std::move(out));
}

void MemoryGraph::expand(std::vector<storage::EntityId> frontier, std::vector<std::string> types,
                         storage::Direction direction, Reply<std::vector<ReachedEdge>> reply) {
  ++expand_calls_;
  auto wanted = [&](const std::string& type) {
    return types.empty() || std::find(types.begin(), types.end(), type) != types.end();
  };
  std::vector<ReachedEdge> out;
  for (auto id : frontier) {
    for (const auto& [edge, properties] : edges_) {
      const auto& [src, type, dst] = edge;
      if (!wanted(type)) continue;
      if (src == id && direction != storage::Direction::in)
        out.push_back(ReachedEdge{id, dst, type, true});
      if (dst == id && direction != storage::Direction::out)
        out.push_back(ReachedEdge{id, src, type, false});
    }
  }
  reply(std::move(out));
}

void MemoryGraph::edge_properties(std::vector<storage::EdgeRef> edges,
                                  Reply<std::vector<std::optional<Properties>>> reply) {
  std::vector<std::optional<Properties>> out;
  for (const auto& edge : edges) {
    auto found = edges_.find({edge.src, edge.type, edge.dst});
    out.push_back(found == edges_.end() ? std::nullopt : std::optional{found->second});
  }
  reply(std::move(out));
}

namespace {

std::set<std::string> words(std::string_view text) {
  std::set<std::string> out;
  std::string word;
  for (char c : std::string(text) + " ") {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      out.insert(std::exchange(word, {}));
    }
  }
  return out;
}

void add_words(const ds::Value& value, std::set<std::string>& out) {
  if (auto* s = std::get_if<std::string>(&value.data)) out.merge(words(*s));
  if (auto* list = std::get_if<ds::Value::List>(&value.data))
    for (const auto& item : *list)
      add_words(item, out);
}

/// Best first; ties by key.
void rank(std::vector<ScoredNode>& hits, std::size_t limit) {
  std::sort(hits.begin(), hits.end(), [](const ScoredNode& a, const ScoredNode& b) {
    return a.score != b.score ? a.score > b.score : a.node.key < b.node.key;
  });
  if (hits.size() > limit) hits.resize(limit);
}

}  // namespace

void MemoryGraph::search_text(std::string text, uint32_t limit,
                              Reply<std::vector<ScoredNode>> reply) {
  auto wanted = words(text);
  std::vector<ScoredNode> hits;
  for (const auto& [id, node] : nodes_) {
    std::set<std::string> have;
    for (const auto& [key, value] : node.properties)
      add_words(value, have);
    double score = 0;
    for (const auto& word : wanted)
      score += have.count(word) ? 1.0 : 0.0;
    if (score > 0) hits.push_back({node, score});
  }
  rank(hits, limit);
  reply(std::move(hits));
}

namespace {

/// Property `space` of `node` as a vector, if it is a list of numbers.
std::optional<std::vector<float>> vector_property(const storage::Node& node,
                                                  const std::string& space) {
  auto found = node.properties.find(space);
  if (found == node.properties.end()) return std::nullopt;
  auto* list = std::get_if<ds::Value::List>(&found->second.data);
  if (!list) return std::nullopt;
  std::vector<float> out;
  for (const auto& item : *list) {
    if (auto* d = std::get_if<double>(&item.data))
      out.push_back(static_cast<float>(*d));
    else if (auto* n = std::get_if<int64_t>(&item.data))
      out.push_back(static_cast<float>(*n));
    else
      return std::nullopt;
  }
  return out;
}

}  // namespace

void MemoryGraph::node_vector(std::string space, storage::EntityId id,
                              Reply<std::optional<std::vector<float>>> reply) {
  auto node = nodes_.find(id);
  reply(node == nodes_.end() ? std::nullopt : vector_property(node->second, space));
}

void MemoryGraph::search_vectors(VectorSearchRequest request,
                                 Reply<std::vector<ScoredNode>> reply) {
  if (request.text)
    return reply(QueryError{QueryErrc::runtime_error, "the in-memory graph has no text space",
                            std::nullopt, errc::not_found});
  std::vector<ScoredNode> hits;
  for (const auto& [id, node] : nodes_) {
    auto found = node.properties.find(request.space);
    if (found == node.properties.end()) continue;
    auto* list = std::get_if<ds::Value::List>(&found->second.data);
    if (!list || list->size() != request.vector.size()) continue;
    double dot = 0, a = 0, b = 0;
    for (std::size_t i = 0; i < list->size(); ++i) {
      double x = 0;
      if (auto* d = std::get_if<double>(&(*list)[i].data)) x = *d;
      if (auto* n = std::get_if<int64_t>(&(*list)[i].data)) x = static_cast<double>(*n);
      dot += x * request.vector[i];
      a += x * x;
      b += double(request.vector[i]) * request.vector[i];
    }
    if (a > 0 && b > 0) hits.push_back({node, dot / std::sqrt(a * b)});
  }
  rank(hits, request.k);
  reply(std::move(hits));
}

void MemoryGraph::reserve_ids(std::vector<std::string> keys,
                              Reply<std::vector<storage::EntityId>> reply) {
  std::vector<storage::EntityId> ids;
  for (std::size_t i = 0; i < keys.size(); ++i)
    ids.push_back(++last_id_);
  reply(std::move(ids));
}

void MemoryGraph::commit(const WriteSet& writes, Reply<CommitResult> reply) {
  CommitResult result;
  for (const auto& [id, change] : writes.nodes()) {
    if (change.created) {
      if (!change.after) continue;  // created and deleted by the same query
      auto [known, added] = keys_.emplace(change.after->key, id);
      if (!added) result.ids[id] = known->second;  // made meanwhile: that node it is
      auto node = *change.after;
      node.id = known->second;
      nodes_[node.id] = std::move(node);
    } else if (change.after) {
      nodes_[id] = *change.after;
    } else if (auto found = nodes_.find(id); found != nodes_.end()) {
      for (auto it = edges_.begin(); it != edges_.end();) {
        const auto& [src, type, dst] = it->first;
        if (src != id && dst != id) {
          ++it;
          continue;
        }
        if (!writes.edge(storage::EdgeRef{src, type, dst})) ++result.relationships_detached;
        it = edges_.erase(it);
      }
      keys_.erase(found->second.key);
      nodes_.erase(found);
    }
  }
  auto real = [&](storage::EntityId id) {
    auto found = result.ids.find(id);
    return found == result.ids.end() ? id : found->second;
  };
  for (const auto& [edge, change] : writes.edges()) {
    std::tuple key{real(edge.src), edge.type, real(edge.dst)};
    if (!change.after)
      edges_.erase(key);
    else if (nodes_.count(std::get<0>(key)) && nodes_.count(std::get<2>(key)))
      edges_[key] = *change.after;
  }
  reply(std::move(result));
}

}  // namespace ds::query::testing
