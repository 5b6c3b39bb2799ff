#pragma once

// The graph's HTTP API, answered by the gateway (the same requests the SDK
// sends):
//   GET /api/v1/nodes/{key}
//     -> {"key", "labels", "properties"}; 404 for an unknown key
//   GET /api/v1/nodes/{key}/neighbours?type=T[,T2]&hops=N&direction=out|in|both
//     -> {"neighbours": [{"key", "type", "hops"}]}; 400 for a bad parameter
// Keys are percent-decoded path segments (IRIs contain '/').

#include <memory>

#include <caf/actor_system.hpp>

#include "node/config/node_config.hpp"
#include "node/gateway_child.hpp"
#include "runtime/http/router.hpp"

namespace ds::node {

void add_graph_routes(runtime::Router& router, caf::actor_system& system,
                      std::shared_ptr<const CurrentGateway> gateway, const NodeConfig& config);

}  // namespace ds::node
