#pragma once

// For the gateway's tests: real graph shards (RocksDB stores in a temporary
// directory), with their vector shards when asked, a query engine and a
// gateway over them, on the deterministic scheduler.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include <boost/test/unit_test.hpp>
#include <caf/exit_reason.hpp>

#include "actors/gateway/gateway.hpp"
#include "actors/graph_shard/graph_shard.hpp"
#include "actors/query_engine/query_engine.hpp"
#include "actors/vector_shard/vector_shard.hpp"
#include "common/testing/temp_dir.hpp"
#include "protocol/caf_error.hpp"
#include "runtime/testing/deterministic_system.hpp"

namespace ds::actors {

struct ShardedGateway : ds::testing::DeterministicSystem {
  struct Options {
    uint32_t shards = 3;
    bool vector_shards = false;
    std::function<void(GatewayOptions&)> configure;  ///< before the gateway spawns
    /// What of a node the shards index for full-text search.
    std::vector<std::string> text_properties = {"lemmas", "gloss"};
  };

  ds::testing::TempDir root{"ds-gateway"};
  std::shared_ptr<ShardMap> map;
  std::vector<std::shared_ptr<storage::SharedGraphStore>> stores;  ///< per shard
  protocol::gateway_actor gateway;
  protocol::query_engine_actor engine;

  explicit ShardedGateway(Options options) : map(std::make_shared<ShardMap>(options.shards)) {
    for (uint32_t i = 0; i < options.shards; ++i) {
      auto store =
          std::make_shared<storage::SharedGraphStore>(root / ("shard-" + std::to_string(i)));
      stores.push_back(store);
      GraphShardOptions graph;
      graph.index = i;
      graph.shard_count = options.shards;
      graph.store = store;
      graph.shards = map;
      graph.detached = false;
      graph.text.properties = options.text_properties;
      auto shard = spawn_graph_shard(system(), graph);
      BOOST_REQUIRE(shard.ok());
      map->publish(i, *shard);
      if (!options.vector_shards) continue;
      VectorShardOptions vectors;
      vectors.store = *store->acquire();
      vectors.detached = false;
      auto vector_shard = spawn_vector_shard(system(), vectors);
      BOOST_REQUIRE(vector_shard.ok());
      map->publish(i, *vector_shard);
    }
    GatewayOptions gateway_options;
    gateway_options.shards = map;
    if (options.configure) options.configure(gateway_options);
    // The engine searches as the gateway does.
    QueryEngineOptions engine_options;
    engine_options.shards = map;
    engine_options.limits = gateway_options.limits;
    engine_options.shard_timeout = gateway_options.shard_timeout;
    engine_options.max_k = gateway_options.max_k;
    engine_options.tokenizer = gateway_options.tokenizer;
    engine_options.bm25 = gateway_options.bm25;
    engine = spawn_query_engine(system(), engine_options);
    auto current = std::make_shared<runtime::CurrentActor<protocol::query_engine_actor>>();
    current->publish(engine);
    gateway_options.engine = current;
    gateway = spawn_gateway(system(), gateway_options);
  }

  ~ShardedGateway() {
    self->send_exit(gateway, caf::exit_reason::user_shutdown);
    self->send_exit(engine, caf::exit_reason::user_shutdown);
    for (uint32_t i = 0; i < map->size(); ++i) {
      if (auto shard = map->actor(i)) self->send_exit(shard, caf::exit_reason::user_shutdown);
      if (auto shard = map->vector_actor(i))
        self->send_exit(shard, caf::exit_reason::user_shutdown);
    }
    sched.run();
    map->clear();
  }

  /// The reply, or the error as a ds::Error.
  template <class... Ts>
  Result<wire::Envelope> call(Ts&&... xs) {
    auto reply = ask<wire::Envelope>(gateway, std::forward<Ts>(xs)...);
    if (auto* error = std::get_if<caf::error>(&reply)) return protocol::from_caf(*error);
    return std::get<wire::Envelope>(reply);
  }
};

}  // namespace ds::actors
