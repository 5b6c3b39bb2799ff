#pragma once

// What the gateway's request handlers (one file per request kind) share.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <vector>

#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include "actors/gateway/gateway.hpp"
#include "actors/routing/gather.hpp"
#include "actors/routing/shard_calls.hpp"
#include "actors/search/search_context.hpp"
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
  /// How the gateway reaches the shards: lookups and expansions coalesced
  /// per shard (shard_reads.cpp), everything else sent as it comes.
  std::optional<ShardCalls> calls;
  PendingReads reads;
};

using GatewaySelf = protocol::gateway_actor::stateful_pointer<GatewayState>;
using Promise = caf::typed_response_promise<wire::Envelope>;

/// Delivers `result` (an envelope or an error) through `promise`.
void deliver(Promise& promise, Result<wire::Envelope> result);

/// The shards as the gateway calls them: lookups and expansions queued per
/// shard until the gateway has worked through the messages it holds now (a
/// `flush` it sends itself on the first read sends each shard its reads in
/// one message), other requests at once.
ShardCalls coalescing_calls(GatewaySelf self);
void flush_shard_reads(GatewaySelf self);
const ShardCalls& shard_calls(GatewaySelf self);

/// What the gateway's vector and text searches run with.
SearchContext search_context(GatewaySelf self);

void define_space(GatewaySelf self, Promise promise, const wire::Envelope& request);
void list_spaces(GatewaySelf self, Promise promise);
void drop_space(GatewaySelf self, Promise promise, const wire::Envelope& request);
void upsert_vectors(GatewaySelf self, Promise promise, const wire::Envelope& request);
void delete_vectors(GatewaySelf self, Promise promise, const wire::Envelope& request);

void import_graph(GatewaySelf self, Promise promise, const wire::Envelope& request);
void lookup_node(GatewaySelf self, Promise promise, const wire::Envelope& request);
void find_neighbours(GatewaySelf self, Promise promise, const wire::Envelope& request);
void graph_stats(GatewaySelf self, Promise promise);
void repair_graph(GatewaySelf self, Promise promise);

}  // namespace ds::actors
