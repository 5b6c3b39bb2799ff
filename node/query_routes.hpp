#pragma once

// Queries over HTTP, run by the gateway's query engine (the request the SDK
// sends; docs/query-engine.md):
//   POST /api/v1/infer {"query": "MATCH (n) RETURN n.name LIMIT 3",
//                       "mode": "auto|cypher|text", "params": {...},
//                       "limit": N, "priority": "low|normal|high", "timeout_ms": T}
//     -> {"columns": [...], "rows": [[...], ...],
//         "stats": {"elapsed_ms", "rows", "shards", "truncated", "contains_updates",
//                   and for a writing query Neo4j's counters: "nodes_created",
//                   "nodes_deleted", "relationships_created", "relationships_deleted",
//                   "properties_set", "labels_added", "labels_removed"},
//         "plan": "..." (EXPLAIN, PROFILE), "profile": [...] (PROFILE)}
// Values are typed JSON: nodes {"id", "key", "labels", "properties"},
// relationships {"type", "start", "end", "properties"}, paths {"nodes",
// "relationships"}, lists, maps. A query the engine refuses is a 400 whose
// error carries its code, message and, for parse errors, line, column and
// an excerpt with a caret; a bad body is a 400 naming the field. Queries
// pass admission first (admission.hpp): a full queue is a 429 with
// Retry-After.

#include <memory>

#include <caf/actor_system.hpp>

#include "node/admission.hpp"
#include "node/config/node_config.hpp"
#include "node/gateway_child.hpp"
#include "runtime/http/router.hpp"
#include "runtime/metrics/metrics.hpp"

namespace ds::node {

/// `metrics` may be null (tests).
void add_query_routes(runtime::Router& router, caf::actor_system& system,
                      std::shared_ptr<const CurrentGateway> gateway, const NodeConfig& config,
                      std::shared_ptr<Admission> admission, runtime::Metrics* metrics);

}  // namespace ds::node
