#pragma once

// The shards of a node as supervised children: shard i keeps its store in
// <data_dir>/shards/<i>, served by two actors, graph_shard/<i> (the store's
// writer) and vector_shard/<i> (the FAISS indexes built from it, snapshotted
// in <data_dir>/shards/<i>.snapshots), which share
// the open store (storage/graph/shared_graph_store.hpp). Each publishes its
// handle in the shard map at every (re)start.

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "actors/compute_unit/compute_units.hpp"
#include "actors/routing/shard_map.hpp"
#include "common/result.hpp"
#include "node/config/node_config.hpp"
#include "runtime/supervision/supervisor.hpp"

namespace ds::node {

/// How many shards <data_dir>/shards holds. A fresh data directory gets the
/// configured count (`shards`, 0 = one per core) and records it; an existing
/// one keeps its own, and a config that names another count is a
/// config_error (slots would move between shards: that is resharding).
Result<uint32_t> prepare_graph_shards(const NodeConfig& config);

/// Each shard's graph and vector actors; `on_batch` observes the queries
/// of every FAISS call (serving.* sets how searches batch).
/// `compute`: where `device: gpu` spaces are searched (null: nowhere).
std::vector<runtime::ChildSpec> shard_children(
    const NodeConfig& config, std::shared_ptr<actors::ShardMap> shards,
    std::function<void(std::size_t)> on_batch = {},
    std::shared_ptr<const actors::ComputeUnits> compute = {});

}  // namespace ds::node
