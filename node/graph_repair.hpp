#pragma once

// At start, before the node reports ready: the gateway replays the shards'
// outboxes, so an edge whose two sides a crash separated is whole again
// (docs/graph-sharding.md).

#include <caf/actor_system.hpp>

#include "common/result.hpp"
#include "node/config/node_config.hpp"
#include "node/gateway_child.hpp"

namespace ds::node {

/// Blocks until the repair is done; logs what it replayed.
Result<void> repair_graph(caf::actor_system& system, const CurrentGateway& gateway,
                          const NodeConfig& config);

}  // namespace ds::node
