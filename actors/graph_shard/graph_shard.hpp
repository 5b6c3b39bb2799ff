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
#include "storage/graph/shared_graph_store.hpp"
#include "storage/text/node_text.hpp"

namespace ds::actors {

class ShardMap;

/// - `(write, ShardWrite)` -> ShardWriteResult: applied in one atomic batch;
///   any error leaves the shard unchanged.
/// - `(lookup, NodeLookup)` -> NodeList.
/// - `(expand, ExpandRequest)` -> ExpandResponse: neighbours grouped by owner.
/// - `(readBatch, ShardReadBatch)` -> ShardReadResults: several lookups and
///   expansions, each answered (or failed) as if it came alone.
/// - `(stats)` -> ShardStats.
/// - `(textStats, TextStatsRequest)` -> TextStats; `(textSearch,
///   TextSearchRequest)` -> TextSearchResponse: the two rounds of a
///   full-text search (text_reads.hpp).
/// - `(scan, NodeScanRequest)` -> NodeList: a query's scan, its predicates
///   evaluated here; `(edgeProps, EdgePropertiesRequest)` ->
///   EdgePropertiesResponse; `(vectorOf, NodeVectorsRequest)` ->
///   NodeVectorsResponse (query_reads.hpp).
/// - `(reserve, ReserveIds)` -> ReservedIds: ids for nodes a writing query
///   makes later (NodeUpsert.id).
/// - `(outbox)` -> ShardOutbox: writes other shards owe for batches not yet
///   settled (a ShardWrite records them with `owed`, drops them with `settle`).
/// Errors: invalid_argument (bad request, or a key or id this shard does not
/// own), not_found (an edge endpoint missing here), already_exists (a
/// NodeUpsert with mustBeNew whose key has a node), malformed_message,
/// timeout (past the request's deadline), io_error (the store failed).
using graph_shard_actor =
    caf::typed_actor<caf::replies_to<write_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<lookup_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<expand_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<read_batch_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<stats_atom>::with<wire::Envelope>,
                     caf::replies_to<text_stats_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<text_search_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<outbox_atom>::with<wire::Envelope>,
                     caf::replies_to<scan_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<edge_props_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<vector_of_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<reserve_atom, wire::Envelope>::with<wire::Envelope>>;

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
Result<graph_shard_actor> spawn_graph_shard(caf::actor_system& system, GraphShardOptions options);

}  // namespace ds::actors
