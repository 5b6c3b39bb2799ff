#pragma once

// The demo graph: WordNet, imported through the gateway (the same batches
// deepseek-cli import sends) into a data_dir that has not got it yet, before
// the node reports ready. <data_dir>/demo-graph records the state:
// "importing" while it runs, "done" after; a restart finds "done" and skips
// the import, and finds "importing" after a crash and imports again (every
// write is an upsert). A data_dir that already holds other data, and no
// demo-graph file, is left alone.

#include <functional>

#include <caf/actor_system.hpp>

#include "common/result.hpp"
#include "runtime/config/node_config.hpp"
#include "runtime/node/gateway_child.hpp"

namespace ds::runtime {

/// Blocks until the import ends; `cancelled` is asked between batches.
Result<void> import_demo_graph(caf::actor_system& system, const CurrentGateway& gateway,
                               const NodeConfig& config, std::function<bool()> cancelled);

}  // namespace ds::runtime
