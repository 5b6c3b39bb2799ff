#pragma once

// The gateway's interface: what SDK clients and the node's HTTP routes send a
// node (schema/gateway.capnp, schema/query.capnp).
// Requests and replies are Cap'n Proto messages in envelopes, so the same
// handle serves callers in this process and across nodes.

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "protocol/type_ids.hpp"
#include "protocol/wire/envelope.hpp"

namespace ds::protocol {

/// - `(ping, PingRequest)` -> PingResponse: echoes the payload with the
///   node's name and version.
/// - `(import, ImportRequest)` -> ImportResponse: nodes, then edges, over
///   every shard; acknowledged once every shard committed.
/// - `(lookup, NodeRequest)` -> graph NodeData; not_found for an unknown key.
/// - `(neighbours, NeighboursRequest)` -> NeighboursResponse.
/// - `(stats)` -> GraphStats.
/// - `(repair)` -> RepairResponse: replays the shards' outboxes (at start).
/// - `(define, SpaceDefineRequest)` -> the space's VectorSpaceRecord.
/// - `(spaces)` -> SpaceList; `(drop, SpaceDropRequest)` -> VectorWriteResponse.
/// - `(upsert, VectorUpsertRequest)`, `(erase, VectorDeleteRequest)` ->
///   VectorWriteResponse: checked whole before any shard writes.
/// - `(search, VectorQuery)` -> VectorQueryResponse: every shard's top k,
///   merged exactly.
/// - `(textSearch, TextQuery)` -> TextQueryResponse: BM25 over every
///   shard's documents, with statistics summed over all shards.
/// - `(infer, InferRequest)` -> InferResponse: a query, run by the query
///   engine the gateway spawns (and is linked to) when it has shards.
/// - `(flush)`: internal; the gateway sends it to itself to send the shard
///   reads it coalesced (actors/gateway/shard_reads.cpp).
/// A malformed or over-limit request is answered with errc::malformed_message,
/// one past its deadline with errc::timeout, a bad field with
/// errc::invalid_argument naming it, a shard that is restarting with
/// errc::unavailable (retry: every request is idempotent). The gateway keeps
/// serving either way.
using gateway_actor =
    caf::typed_actor<caf::replies_to<caf::ping_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<import_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<lookup_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<neighbours_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<stats_atom>::with<wire::Envelope>,
                     caf::replies_to<repair_atom>::with<wire::Envelope>,
                     caf::replies_to<define_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<spaces_atom>::with<wire::Envelope>,
                     caf::replies_to<drop_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<upsert_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<erase_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<search_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<text_search_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<infer_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::reacts_to<flush_atom>>;

}  // namespace ds::protocol
