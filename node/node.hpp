#pragma once

// A DeepSeek node: wires the actor system, the supervision tree, the HTTP
// server, the metrics endpoint and signal handling for the configured role,
// serves until SIGTERM/SIGINT (or until the actor tree gives up), drains and
// returns the process exit code.

#include "node/config/node_config.hpp"

namespace ds::node {

/// Runs until stopped. Returns kExitOk after a signal-initiated drain,
/// kExitFailure when start-up failed or the actor tree gave up, kExitConfig
/// for a role this version cannot run.
int run_node(const NodeConfig& config);

}  // namespace ds::node
