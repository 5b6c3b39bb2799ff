#pragma once
// bench/graph's baseline: the expansions as plain calls on the shards'
// RocksDB stores, in one thread, with no actors.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "bench/graph/cases.hpp"
#include "storage/graph/graph_store.hpp"

namespace ds::graph_bench {

/// Compacts every shard store of a stopped node's data directory.
Result<void> compact_stores(const std::filesystem::path& data_dir, uint32_t shards);

/// Every shard store of a stopped node's data directory, opened by this
/// process; the expansion of actors/gateway/graph_traversal.cpp as plain calls.
class DirectGraph {
 public:
  static Result<DirectGraph> open(const std::filesystem::path& data_dir, uint32_t shards);

  /// The rows (hops, key, type) the gateway would answer, ordered the same way.
  Result<std::vector<std::tuple<uint32_t, std::string, std::string>>> expand(const std::string& key,
                                                                             const Case& c) const;

 private:
  const storage::GraphStore& owner_of_slot(uint32_t slot) const;
  const storage::GraphStore& owner_of_id(storage::EntityId id) const;

  std::vector<std::unique_ptr<storage::GraphStore>> stores_;
};

/// The sample expanded one query after another on `graph`.
Pass direct_pass(const DirectGraph& graph, const std::vector<std::string>& keys, const Case& c);

}  // namespace ds::graph_bench
