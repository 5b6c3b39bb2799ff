#pragma once

// The vector spaces' HTTP API, answered by the gateway (the same requests the
// SDK sends; docs/vector-search.md):
//   PUT    /api/v1/spaces/{name}
//          {"dim", "metric", "index", "device": "cpu"|"gpu", "params": {"efSearch", "nprobe",
//           "efConstruction"}} (device gpu: searched exactly on a compute unit; docs/compute.md)
//     -> the space; 409 when it exists with another spec
//   GET    /api/v1/spaces                -> {"spaces": [{..., "vectors": N}]}
//   DELETE /api/v1/spaces/{name}         -> {"dropped": name}; 404 when unknown
//   POST   /api/v1/spaces/{name}/vectors [{"key", "vector": [...]}, ...] -> {"upserted": N}
//   POST   /api/v1/spaces/{name}/delete  {"keys": [...]} -> {"deleted": N}
//   POST   /api/v1/spaces/{name}/search
//          {"vector": [...], "k": 10, "filter_keys": [...], "params": {"efSearch", "nprobe"}}
//     -> {"hits": [{"key", "score"}]}, best first (score: l2 distance, or
//        ip / cosine similarity)
// A bad body is a 400 that names the field; nothing of it is stored.

#include <memory>

#include <caf/actor_system.hpp>

#include "node/config/node_config.hpp"
#include "node/gateway_child.hpp"
#include "runtime/http/router.hpp"

namespace ds::node {

void add_vector_routes(runtime::Router& router, caf::actor_system& system,
                       std::shared_ptr<const CurrentGateway> gateway, const NodeConfig& config);

}  // namespace ds::node
