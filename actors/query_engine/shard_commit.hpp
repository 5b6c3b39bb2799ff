#pragma once

// A writing query's write set committed over the graph shards
// (ShardSource::commit; docs/query-engine.md, "Writes").

#include <memory>

#include "actors/query_engine/engine_state.hpp"
#include "actors/query_engine/query_scope.hpp"
#include "actors/routing/shard_map.hpp"
#include "query/exec/graph_source.hpp"

namespace ds::actors {

/// Who sends the writes, where, and with what header.
struct ShardCommit {
  EngineSelf self;
  std::shared_ptr<const ShardMap> shards;
  QueryScope scope;
  caf::timespan timeout;
};

/// `writes` must outlive the reply (the query's execution holds it).
void commit_to_shards(ShardCommit where, const query::WriteSet& writes,
                      query::GraphSource::Reply<query::CommitResult> reply);

}  // namespace ds::actors
