#pragma once

// The query engine as a supervised child: each start spawns an engine over
// `shards` and publishes it in `current`, where the gateway finds it for
// every query (a restarted engine is reached at once).

#include <memory>

#include "actors/query_engine/query_engine.hpp"
#include "node/config/node_config.hpp"
#include "runtime/supervision/current_actor.hpp"
#include "runtime/supervision/supervisor.hpp"

namespace ds::node {

using CurrentEngine = runtime::CurrentActor<protocol::query_engine_actor>;

runtime::ChildSpec query_engine_child(const NodeConfig& config,
                                      std::shared_ptr<const actors::ShardMap> shards,
                                      std::shared_ptr<const storage::Tokenizer> tokenizer,
                                      std::shared_ptr<CurrentEngine> current);

}  // namespace ds::node
