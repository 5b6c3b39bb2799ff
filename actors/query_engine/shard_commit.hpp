#pragma once

// A writing query's write set committed over the graph shards
// (ShardSource::commit; docs/query-engine.md, "Writes").

#include <memory>

#include "actors/query_engine/query_scope.hpp"
#include "actors/routing/shard_calls.hpp"
#include "query/exec/graph_source.hpp"

namespace ds::actors {

/// Commits `writes` through `calls`, every request stamped with `scope`.
/// `writes` must outlive the reply (the query's execution holds it).
void commit_to_shards(const ShardCalls& calls, QueryScope scope, const query::WriteSet& writes,
                      query::GraphSource::Reply<query::CommitResult> reply);

}  // namespace ds::actors
