#include "query/testing/memory_graph.hpp"

#include <algorithm>

namespace ds::query::testing {

storage::EntityId MemoryGraph::ensure(const std::string& key) {
  auto found = keys_.find(key);
  if (found != keys_.end()) return found->second;
  storage::EntityId id = nodes_.size() + 1;
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
  for (const auto& [id, node] : nodes_)
    if (passes(node, request)) out.push_back(node);
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

}  // namespace ds::query::testing
