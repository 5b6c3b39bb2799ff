#pragma once

// Warm-up before /readyz turns 200 (serving.warmup_requests): the node runs
// that many queries through its own gateway, as a client would, so the first
// users do not pay for cold caches (RocksDB blocks, FAISS pages, the
// allocator's first growth). The queries cycle through the kinds the node
// serves: a label scan, a one-hop expansion, a question (BM25, the text
// space, an expansion). A failed warm-up query is logged, not fatal: a node
// without full text cannot answer questions, and that is no reason to stay
// unready.

#include <caf/actor_system.hpp>

#include "node/config/node_config.hpp"
#include "node/gateway_child.hpp"

namespace ds::node {

struct WarmupReport {
  unsigned queries = 0;
  unsigned failed = 0;
  double seconds = 0;
};

WarmupReport warm_up(caf::actor_system& system, const CurrentGateway& gateway,
                     const NodeConfig& config);

}  // namespace ds::node
