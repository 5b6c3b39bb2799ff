#pragma once

// The gateway: the actor a node publishes for SDK clients (deepseek-cli) and
// that the HTTP API asks. Requests are Cap'n Proto messages in envelopes
// (schema/gateway.capnp); graph requests are routed to the graph shards
// through the shard map, a batch per shard, never an id at a time.

#include <cstdint>
#include <memory>
#include <string>

#include <caf/actor_system.hpp>
#include <caf/atom.hpp>
#include <caf/replies_to.hpp>
#include <caf/timespan.hpp>
#include <caf/typed_actor.hpp>

#include "actors/graph_shard/shard_map.hpp"
#include "actors/query_engine/query_engine.hpp"
#include "runtime/type_ids.hpp"
#include "runtime/wire/envelope.hpp"
#include "runtime/wire/read.hpp"
#include "storage/graph/graph_types.hpp"
#include "storage/text/tokenizer.hpp"

namespace ds::actors {

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
///   reads it coalesced (gateway_state.hpp, read_shard).
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

struct GatewayOptions {
  std::string node = "deepseek";
  std::string version;
  wire::ReadLimits limits;  ///< applied to every request read
  /// The graph shards; without them graph requests are errc::unavailable.
  std::shared_ptr<const ShardMap> shards;
  uint32_t max_hops = 5;  ///< neighbours: largest `hops`
  uint32_t max_k = 1000;  ///< vector and text search: largest `k`
  /// Tokenizes text queries as the shards tokenize documents; null: no
  /// full-text search here.
  std::shared_ptr<const storage::Tokenizer> tokenizer;
  storage::Bm25Params bm25;
  caf::timespan shard_timeout = std::chrono::seconds(30);  ///< per request to a shard
  /// The query engine's limits; its shards, read limits and shard timeout
  /// are the gateway's.
  QueryEngineOptions queries;
};

gateway_actor spawn_gateway(caf::actor_system& system, GatewayOptions options);

}  // namespace ds::actors
