#pragma once

// The node's HTTP routes: probes and build information. Later issues add
// the API routes (/api/v1/infer, spaces, search) here, one line each, with
// their handlers in their own files.

#include <caf/actor_system.hpp>

#include "node/config/node_config.hpp"
#include "node/lifecycle.hpp"
#include "runtime/http/router.hpp"

namespace ds::node {

/// GET /livez: 200 while the HTTP threads answer.
/// GET /readyz: 200 while the lifecycle actor says serving, else 503.
/// GET /api/v1/version: build information as JSON.
void add_node_routes(runtime::Router& router, caf::actor_system& system, lifecycle_actor lifecycle,
                     const NodeConfig& config);

}  // namespace ds::node
