#include "node/query_engine_child.hpp"

#include <caf/actor_cast.hpp>

#include "node/text_config.hpp"

namespace ds::node {

runtime::ChildSpec query_engine_child(const NodeConfig& config,
                                      std::shared_ptr<const actors::ShardMap> shards,
                                      std::shared_ptr<const storage::Tokenizer> tokenizer,
                                      std::shared_ptr<CurrentEngine> current) {
  actors::QueryEngineOptions options;
  options.shards = std::move(shards);
  options.shard_timeout = caf::timespan{config.system.rpc_timeout};
  options.max_rows = config.query.max_rows;
  options.query.plan.max_hops = config.query.max_hops;
  options.query.exec.max_intermediate_rows = config.query.max_intermediate_rows;
  options.node_text = question_text(config.text);
  options.max_k = config.vectors.max_k;
  options.tokenizer = std::move(tokenizer);
  options.bm25 = bm25_params(config.text);
  return runtime::ChildSpec{"query_engine", [=](caf::actor_system& system) -> Result<caf::actor> {
                              auto engine = actors::spawn_query_engine(system, options);
                              current->publish(engine);
                              return caf::actor_cast<caf::actor>(engine);
                            }};
}

}  // namespace ds::node
