#include "bench/graph/direct_graph.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "bench/support/timing.hpp"
#include "storage/graph/slot_ranges.hpp"

namespace ds::graph_bench {

using storage::EntityId;

namespace {

std::filesystem::path shard_dir(const std::filesystem::path& data_dir, uint32_t shard) {
  return data_dir / "shards" / std::to_string(shard);
}

}  // namespace

Result<void> compact_stores(const std::filesystem::path& data_dir, uint32_t shards) {
  for (uint32_t i = 0; i < shards; ++i) {
    auto store = storage::GraphStore::open(shard_dir(data_dir, i));
    if (!store) return store.error();
    if (auto compacted = (*store)->compact(); !compacted) return compacted;
  }
  return {};
}

Result<DirectGraph> DirectGraph::open(const std::filesystem::path& data_dir, uint32_t shards) {
  DirectGraph graph;
  for (uint32_t i = 0; i < shards; ++i) {
    auto store = storage::GraphStore::open(shard_dir(data_dir, i));
    if (!store) return store.error();
    graph.stores_.push_back(std::move(store).value());
  }
  return graph;
}

Result<std::vector<std::tuple<uint32_t, std::string, std::string>>> DirectGraph::expand(
    const std::string& key, const Case& c) const {
  auto start = owner_of_slot(storage::slot_of_key(key)).find(key);
  if (!start) return start.error();
  if (!*start) return make_error(errc::not_found, "no node has the key \"" + key + "\"");
  struct Entry {
    EntityId id;
    std::string type;
    uint32_t hops;
  };
  std::vector<EntityId> frontier{**start};
  std::unordered_set<EntityId> visited{**start};
  std::vector<Entry> entries;
  for (uint32_t hop = 1; hop <= c.hops && !frontier.empty(); ++hop) {
    std::set<std::pair<EntityId, std::string>> seen;  // (node, relation) this hop
    std::vector<EntityId> next;
    for (auto id : frontier) {
      auto neighbours = owner_of_id(id).neighbours(id, c.types, storage::Direction::out);
      if (!neighbours) return neighbours.error();
      for (auto& n : *neighbours) {
        if (visited.count(n.id) || !seen.emplace(n.id, n.type).second) continue;
        next.push_back(n.id);
        entries.push_back({n.id, std::move(n.type), hop});
      }
    }
    std::sort(next.begin(), next.end());
    next.erase(std::unique(next.begin(), next.end()), next.end());
    visited.insert(next.begin(), next.end());
    frontier = std::move(next);
  }
  std::vector<EntityId> ids;
  for (const auto& e : entries)
    ids.push_back(e.id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::unordered_map<EntityId, std::string> keys;
  for (auto id : ids) {
    auto node = owner_of_id(id).get(id);
    if (!node) return node.error();
    if (*node) keys.emplace(id, std::move((*node)->key));
  }
  std::vector<std::tuple<uint32_t, std::string, std::string>> rows;
  for (auto& e : entries)
    if (auto found = keys.find(e.id); found != keys.end())
      rows.emplace_back(e.hops, found->second, std::move(e.type));
  std::sort(rows.begin(), rows.end());
  return rows;
}

const storage::GraphStore& DirectGraph::owner_of_slot(uint32_t slot) const {
  auto shards = static_cast<uint32_t>(stores_.size());
  return *stores_[storage::shard_of_slot(slot, shards)];
}

const storage::GraphStore& DirectGraph::owner_of_id(EntityId id) const {
  return owner_of_slot(storage::slot_of_id(id));
}

Pass direct_pass(const DirectGraph& graph, const std::vector<std::string>& keys, const Case& c) {
  Pass pass;
  pass.answers.assign(keys.size(), -1);
  auto start = bench::Clock::now();
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto rows = graph.expand(keys[i], c);
    if (rows) {
      pass.answers[i] = static_cast<int64_t>(rows->size());
    } else if (pass.failures++ == 0) {
      pass.first_error = keys[i] + ": " + rows.error().message;
    }
  }
  pass.seconds = bench::seconds_since(start);
  return pass;
}

}  // namespace ds::graph_bench
