#pragma once

// What the gateway's request handlers (one file per request kind) share.

#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include "actors/gateway/gateway.hpp"

namespace ds::actors {

struct GatewayState {
  GatewayOptions options;
};

using GatewaySelf = gateway_actor::stateful_pointer<GatewayState>;
using Promise = caf::typed_response_promise<wire::Envelope>;

/// Delivers `result` (an envelope or an error) through `promise`.
void deliver(Promise& promise, Result<wire::Envelope> result);

void import_graph(GatewaySelf self, Promise promise, const wire::Envelope& request);
void lookup_node(GatewaySelf self, Promise promise, const wire::Envelope& request);
void find_neighbours(GatewaySelf self, Promise promise, const wire::Envelope& request);
void graph_stats(GatewaySelf self, Promise promise);

}  // namespace ds::actors
