#pragma once

// What a vector or full-text search needs from the actor that runs it: the
// shards as that actor calls them, and the node's limits and text settings.
// The gateway (for SDK and HTTP searches) and the query engine (for a
// query's procedures and text mode) each run searches with their own.

#include <cstdint>
#include <memory>

#include "actors/routing/shard_calls.hpp"
#include "protocol/wire/read.hpp"
#include "storage/graph/graph_types.hpp"
#include "storage/text/tokenizer.hpp"

namespace ds::actors {

struct SearchContext {
  ShardCalls calls;
  wire::ReadLimits limits;  ///< applied to the request read
  uint32_t max_k = 1000;    ///< the largest `k` (vectors.max_k)
  /// Tokenizes text queries as the shards tokenize documents; null: full
  /// text is off, and so are text queries of vectors.
  std::shared_ptr<const storage::Tokenizer> tokenizer;
  storage::Bm25Params bm25;
};

}  // namespace ds::actors
