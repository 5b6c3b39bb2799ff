#pragma once

// What the gateway's request handlers (one file per request kind) share.

#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include "actors/gateway/gateway.hpp"
#include "actors/routing/scatter.hpp"
#include "actors/routing/shard_calls.hpp"
#include "schema/graph.capnp.h"
#include "storage/graph/graph_types.hpp"
#include "storage/vector/vector_space.hpp"

namespace ds::actors {

using ReadDone = std::function<void(Result<wire::Envelope>)>;

/// The reads waiting for the next flush, per shard (shard_reads.cpp).
struct PendingReads {
  struct Read {
    schema::ShardRead kind;
    wire::Envelope request;
    ReadDone done;
  };
  std::map<uint32_t, std::vector<Read>> by_shard;
  bool flush_sent = false;
};

struct GatewayState {
  GatewayOptions options;
  PendingReads reads;
  /// Runs the queries (infer); linked: one stops with the other.
  protocol::query_engine_actor engine;
};

using GatewaySelf = protocol::gateway_actor::stateful_pointer<GatewayState>;
using Promise = caf::typed_response_promise<wire::Envelope>;

/// Delivers `result` (an envelope or an error) through `promise`.
void deliver(Promise& promise, Result<wire::Envelope> result);

/// Reads for graph shards (a lookup or an expansion each), coalesced per
/// shard until the gateway has worked through the messages it holds now: a
/// `flush` it sends itself on the first read sends each shard its reads in
/// one message. `done` gets the shard's response or the error. A shard that
/// is down, or has not started, fails its reads with errc::unavailable.
void read_shard(GatewaySelf self, uint32_t shard, schema::ShardRead kind, wire::Envelope request,
                ReadDone done);
void flush_shard_reads(GatewaySelf self);

/// read_shard for `requests[i]` to `shards[i]`; `done` gets the responses in
/// that order, or the first error.
void scatter_reads(GatewaySelf self, const std::vector<uint32_t>& shards, schema::ShardRead kind,
                   std::vector<wire::Envelope> requests, Gathered done);

/// The graph shards as the gateway calls them (the cross-shard transaction's
/// requests).
ShardCalls shard_calls(GatewaySelf self);

using SpacesDone = std::function<void(Result<std::vector<storage::VectorSpaceSpec>>)>;
/// The vector spaces defined (every shard keeps every space's record; graph
/// shard 0 is asked).
void fetch_spaces(GatewaySelf self, SpacesDone done);
/// The spec of `space`, or not_found naming it.
Result<storage::VectorSpaceSpec> find_space(const std::vector<storage::VectorSpaceSpec>& spaces,
                                            const std::string& space);

void define_space(GatewaySelf self, Promise promise, const wire::Envelope& request);
void list_spaces(GatewaySelf self, Promise promise);
void drop_space(GatewaySelf self, Promise promise, const wire::Envelope& request);
void upsert_vectors(GatewaySelf self, Promise promise, const wire::Envelope& request);
void delete_vectors(GatewaySelf self, Promise promise, const wire::Envelope& request);
void search_vectors(GatewaySelf self, Promise promise, const wire::Envelope& request);

void search_text(GatewaySelf self, Promise promise, const wire::Envelope& request);
using StatsDone = std::function<void(Result<storage::TextStats>)>;
/// Every shard's full-text statistics for `terms`, summed.
void fetch_text_stats(GatewaySelf self, const std::vector<std::string>& terms, int64_t deadline,
                      StatsDone done);

void import_graph(GatewaySelf self, Promise promise, const wire::Envelope& request);
void lookup_node(GatewaySelf self, Promise promise, const wire::Envelope& request);
void find_neighbours(GatewaySelf self, Promise promise, const wire::Envelope& request);
void graph_stats(GatewaySelf self, Promise promise);
void repair_graph(GatewaySelf self, Promise promise);

}  // namespace ds::actors
