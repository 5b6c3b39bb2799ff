#pragma once

// A graph shard: owns the GraphStore of a range of hash slots and answers
// reads, atomic writes and frontier expansion for them. Messages are Cap'n
// Proto envelopes (schema/graph.capnp), so a shard serves local and remote
// callers alike. Design: docs/graph-sharding.md.

#include <cstdint>
#include <filesystem>

#include <caf/actor_system.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "common/result.hpp"
#include "protocol/interfaces/graph_shard.hpp"
#include "protocol/wire/envelope.hpp"
#include "protocol/wire/read.hpp"
#include "storage/graph/shared_graph_store.hpp"
#include "storage/text/node_text.hpp"

namespace ds::actors {

class ShardMap;

struct GraphShardOptions {
  uint32_t index = 0;
  uint32_t shard_count = 1;
  /// This shard's store, shared with its vector shard.
  std::shared_ptr<storage::SharedGraphStore> store;
  /// Where this shard's vector shard is now: committed vector changes are
  /// forwarded to it. None: vector changes are committed, not forwarded.
  std::shared_ptr<const ShardMap> shards;
  wire::ReadLimits limits;
  /// What of a node is indexed for full-text search (its document, written
  /// with the node). No properties: no full-text index.
  storage::NodeTextOptions text;
  /// A thread of its own: RocksDB calls block. Tests on the deterministic
  /// scheduler turn it off.
  bool detached = true;
};

/// Acquires the shard's store (opening it unless its vector shard holds it
/// open), then spawns the shard; fails when the store cannot be opened. The
/// store is flushed when the shard stops.
Result<protocol::graph_shard_actor> spawn_graph_shard(caf::actor_system& system,
                                                      GraphShardOptions options);

}  // namespace ds::actors
