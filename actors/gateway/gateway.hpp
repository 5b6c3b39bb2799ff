#pragma once

// The gateway: the actor a node publishes for SDK clients (deepseek-cli) and
// that the HTTP API asks. Requests are Cap'n Proto messages in envelopes
// (schema/gateway.capnp); graph requests are routed to the graph shards
// through the shard map, a batch per shard, never an id at a time.

#include <cstdint>
#include <memory>
#include <string>

#include <caf/actor_system.hpp>
#include <caf/atom.hpp>
#include <caf/replies_to.hpp>
#include <caf/timespan.hpp>
#include <caf/typed_actor.hpp>

#include "actors/routing/shard_map.hpp"
#include "protocol/interfaces/gateway.hpp"
#include "protocol/interfaces/query_engine.hpp"
#include "protocol/wire/envelope.hpp"
#include "protocol/wire/read.hpp"
#include "runtime/supervision/current_actor.hpp"
#include "storage/graph/graph_types.hpp"
#include "storage/text/tokenizer.hpp"

namespace ds::actors {

struct GatewayOptions {
  std::string node = "deepseek";
  std::string version;
  wire::ReadLimits limits;  ///< applied to every request read
  /// The graph shards; without them graph requests are errc::unavailable.
  std::shared_ptr<const ShardMap> shards;
  uint32_t max_hops = 5;  ///< neighbours: largest `hops`
  uint32_t max_k = 1000;  ///< vector and text search: largest `k`
  /// Tokenizes text queries as the shards tokenize documents; null: no
  /// full-text search here.
  std::shared_ptr<const storage::Tokenizer> tokenizer;
  storage::Bm25Params bm25;
  caf::timespan shard_timeout = std::chrono::seconds(30);  ///< per request to a shard
  /// The query engine that answers (infer), as it is now (a supervised
  /// sibling, restarted with a new handle); null: queries are unavailable.
  std::shared_ptr<const runtime::CurrentActor<protocol::query_engine_actor>> engine;
};

protocol::gateway_actor spawn_gateway(caf::actor_system& system, GatewayOptions options);

}  // namespace ds::actors
