#pragma once

// What the gateway's request handlers (one file per request kind) share.

#include <random>

#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include "actors/gateway/gateway.hpp"

namespace ds::actors {

struct GatewayState {
  GatewayOptions options;
  /// Batch ids name outbox records in the shards' stores, which outlive this
  /// gateway: random, so a restarted gateway does not reuse one.
  std::mt19937_64 batch_ids{std::random_device{}()};

  uint64_t next_batch_id() { return batch_ids() | 1; }  // never 0 (no batch)
};

using GatewaySelf = gateway_actor::stateful_pointer<GatewayState>;
using Promise = caf::typed_response_promise<wire::Envelope>;

/// Delivers `result` (an envelope or an error) through `promise`.
void deliver(Promise& promise, Result<wire::Envelope> result);

void import_graph(GatewaySelf self, Promise promise, const wire::Envelope& request);
void lookup_node(GatewaySelf self, Promise promise, const wire::Envelope& request);
void find_neighbours(GatewaySelf self, Promise promise, const wire::Envelope& request);
void graph_stats(GatewaySelf self, Promise promise);
void repair_graph(GatewaySelf self, Promise promise);

}  // namespace ds::actors
