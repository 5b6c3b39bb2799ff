#pragma once

// The end of a writing query: the nodes it deleted without DETACH must have
// no relationships left (checked against the store and the query's own
// writes, since a later part of the query may have deleted them), then the
// write set goes to the graph source to commit.

#include <functional>

#include "query/exec/exec_context.hpp"

namespace ds::query {

void commit_writes(ExecContext& context, std::function<void(QueryResult<CommitResult>)> done);

}  // namespace ds::query
