#pragma once

// Full-text search over HTTP, answered by the gateway (the request the SDK
// sends; docs/vector-search.md, Text):
//   POST /api/v1/search/text {"query": "dog barked all night", "k": 10}
//     -> {"terms": ["dog", "bark", "night"], "hits": [{"key", "score"}]}
//        best first by BM25; `terms` are what the query was searched as
//        (stemmed, stop words dropped).
// A bad body is a 400 that names the field.

#include <memory>

#include <caf/actor_system.hpp>

#include "node/config/node_config.hpp"
#include "node/gateway_child.hpp"
#include "runtime/http/router.hpp"

namespace ds::node {

void add_text_routes(runtime::Router& router, caf::actor_system& system,
                     std::shared_ptr<const CurrentGateway> gateway, const NodeConfig& config);

}  // namespace ds::node
