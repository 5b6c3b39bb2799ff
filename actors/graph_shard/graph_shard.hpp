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
#include "runtime/type_ids.hpp"
#include "runtime/wire/envelope.hpp"
#include "runtime/wire/read.hpp"
#include "storage/graph/graph_store.hpp"

namespace ds::actors {

/// - `(write, ShardWrite)` -> ShardWriteResult: applied in one atomic batch;
///   any error leaves the shard unchanged.
/// - `(lookup, NodeLookup)` -> NodeList.
/// - `(expand, ExpandRequest)` -> ExpandResponse: neighbours grouped by owner.
/// - `(readBatch, ShardReadBatch)` -> ShardReadResults: several lookups and
///   expansions, each answered (or failed) as if it came alone.
/// - `(stats)` -> ShardStats.
/// - `(outbox)` -> ShardOutbox: writes other shards owe for batches not yet
///   settled (a ShardWrite records them with `owed`, drops them with `settle`).
/// Errors: invalid_argument (bad request, or a key or id this shard does not
/// own), not_found (an edge endpoint missing here), malformed_message,
/// timeout (past the request's deadline), io_error (the store failed).
using graph_shard_actor =
    caf::typed_actor<caf::replies_to<write_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<lookup_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<expand_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<read_batch_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<stats_atom>::with<wire::Envelope>,
                     caf::replies_to<outbox_atom>::with<wire::Envelope>>;

struct GraphShardOptions {
  uint32_t index = 0;
  uint32_t shard_count = 1;
  std::filesystem::path dir;  ///< this shard's store
  storage::GraphStoreOptions store;
  wire::ReadLimits limits;
  /// A thread of its own: RocksDB calls block. Tests on the deterministic
  /// scheduler turn it off.
  bool detached = true;
};

/// Opens the shard's store, then spawns the shard; fails when the store
/// cannot be opened. The store is flushed when the shard stops.
Result<graph_shard_actor> spawn_graph_shard(caf::actor_system& system, GraphShardOptions options);

}  // namespace ds::actors
