#pragma once

// A graph shard's interface: reads, atomic writes and frontier expansion over
// the store of a range of hash slots (schema/graph.capnp).
// Requests and replies are Cap'n Proto messages in envelopes, so the same
// handle serves callers in this process and across nodes.

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "protocol/type_ids.hpp"
#include "protocol/wire/envelope.hpp"

namespace ds::protocol {

/// - `(write, ShardWrite)` -> ShardWriteResult: applied in one atomic batch;
///   any error leaves the shard unchanged.
/// - `(lookup, NodeLookup)` -> NodeList.
/// - `(expand, ExpandRequest)` -> ExpandResponse: neighbours grouped by owner.
/// - `(readBatch, ShardReadBatch)` -> ShardReadResults: several lookups and
///   expansions, each answered (or failed) as if it came alone.
/// - `(stats)` -> ShardStats.
/// - `(textStats, TextStatsRequest)` -> TextStats; `(textSearch,
///   TextSearchRequest)` -> TextSearchResponse: the two rounds of a
///   full-text search (actors/graph_shard/text_reads.hpp).
/// - `(scan, NodeScanRequest)` -> NodeList: a query's scan, its predicates
///   evaluated here; `(edgeProps, EdgePropertiesRequest)` ->
///   EdgePropertiesResponse; `(vectorOf, NodeVectorsRequest)` ->
///   NodeVectorsResponse (actors/graph_shard/query_reads.hpp).
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

}  // namespace ds::protocol
