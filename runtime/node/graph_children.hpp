#pragma once

// The graph shards of a node as supervised children: shard i keeps its store
// in <data_dir>/shards/<i> and publishes its actor in the shard map at every
// (re)start, reopening the same store after a crash.

#include <cstdint>
#include <memory>
#include <vector>

#include "actors/graph_shard/shard_map.hpp"
#include "common/result.hpp"
#include "runtime/config/node_config.hpp"
#include "runtime/supervision/supervisor.hpp"

namespace ds::runtime {

/// How many shards <data_dir>/shards holds. A fresh data directory gets the
/// configured count (`shards`, 0 = one per core) and records it; an existing
/// one keeps its own, and a config that names another count is a
/// config_error (slots would move between shards: that is resharding).
Result<uint32_t> prepare_graph_shards(const NodeConfig& config);

std::vector<ChildSpec> graph_shard_children(const NodeConfig& config,
                                            std::shared_ptr<actors::ShardMap> shards);

}  // namespace ds::runtime
