#pragma once

// The query engine: runs Cypher queries (POST /api/v1/infer, the SDK's
// query) as dataflow over the graph shards. The query library (query/)
// parses, plans and executes; this actor gives it a GraphSource that reads
// the shards (shard_source.hpp) and turns results into InferResponses.

#include <cstdint>
#include <memory>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/replies_to.hpp>
#include <caf/timespan.hpp>
#include <caf/typed_actor.hpp>

#include "actors/routing/shard_map.hpp"
#include "protocol/interfaces/query_engine.hpp"
#include "protocol/wire/envelope.hpp"
#include "protocol/wire/read.hpp"
#include "query/run_query.hpp"
#include "query/text/question.hpp"
#include "storage/graph/graph_types.hpp"
#include "storage/text/tokenizer.hpp"

namespace ds::actors {

struct QueryEngineOptions {
  std::shared_ptr<const ShardMap> shards;
  wire::ReadLimits limits;
  query::QueryOptions query;   ///< parse, plan and execution limits
  /// Text mode: how a node's text becomes terms (the full-text index's
  /// settings); null when full-text search is off, which turns text mode off.
  std::shared_ptr<const storage::NodeText> node_text;
  query::text::QuestionOptions question;
  uint64_t max_rows = 10'000;  ///< result rows at most (and the default)
  caf::timespan shard_timeout = std::chrono::seconds(30);  ///< per shard request
  /// Vector and full-text searches (procedures, text mode), run as the
  /// gateway runs them (actors/search): the largest k, and how text queries
  /// are tokenized (null: full text off) and scored.
  uint32_t max_k = 1000;
  std::shared_ptr<const storage::Tokenizer> tokenizer;
  storage::Bm25Params bm25;
};

protocol::query_engine_actor spawn_query_engine(caf::actor_system& system,
                                                QueryEngineOptions options);

}  // namespace ds::actors
