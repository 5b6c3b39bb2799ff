#pragma once

// The gateway as a supervised child: each start spawns a gateway that routes
// graph requests through `shards` (and reads text queries with `tokenizer`)
// and queries to the query engine as `engine` has it now, publishes it on
// sdk.port (SDK clients reach the new one after a restart) and in `current`
// (for the HTTP API).

#include <memory>

#include "actors/gateway/gateway.hpp"
#include "node/config/node_config.hpp"
#include "node/query_engine_child.hpp"
#include "runtime/supervision/current_actor.hpp"
#include "runtime/supervision/supervisor.hpp"

namespace ds::node {

using CurrentGateway = runtime::CurrentActor<protocol::gateway_actor>;

runtime::ChildSpec gateway_child(const NodeConfig& config,
                                 std::shared_ptr<const actors::ShardMap> shards,
                                 std::shared_ptr<const storage::Tokenizer> tokenizer,
                                 std::shared_ptr<const CurrentEngine> engine,
                                 std::shared_ptr<CurrentGateway> current);

}  // namespace ds::node
