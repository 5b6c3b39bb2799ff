#pragma once

// The gateway as a supervised child: each start spawns a gateway and
// publishes it on sdk.port, so SDK clients reach the new one after a restart.

#include "runtime/config/node_config.hpp"
#include "runtime/supervision/supervisor.hpp"

namespace ds::runtime {

ChildSpec gateway_child(const NodeConfig& config);

}  // namespace ds::runtime
