#pragma once

// The demo graph: WordNet, imported through the gateway (the same batches
// deepseek-cli import sends) into a data_dir that has not got it yet, before
// the node reports ready, then its `text` vector space (demo_text_space.hpp).
// <data_dir>/demo-graph records the state: "importing" while the graph is,
// "encoding" while the text space is built, "done" after; a restart finds
// "done" and skips both, and after a crash redoes the step it was in (every
// write is an upsert). A data_dir that already holds other data, and no
// demo-graph file, is left alone.

#include <functional>

#include <caf/actor_system.hpp>

#include "common/result.hpp"
#include "node/config/node_config.hpp"
#include "node/gateway_child.hpp"

namespace ds::node {

/// Blocks until the import ends; `cancelled` is asked between batches.
Result<void> import_demo_graph(caf::actor_system& system, const CurrentGateway& gateway,
                               const NodeConfig& config, std::function<bool()> cancelled);

}  // namespace ds::node
