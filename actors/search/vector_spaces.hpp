#pragma once

// The vector spaces defined: every shard keeps every space's record, so one
// graph shard (0) is asked.

#include <functional>
#include <string>
#include <vector>

#include "actors/routing/shard_calls.hpp"
#include "common/result.hpp"
#include "storage/vector/vector_space.hpp"

namespace ds::actors {

using SpacesDone = std::function<void(Result<std::vector<storage::VectorSpaceSpec>>)>;

void fetch_spaces(const ShardCalls& calls, SpacesDone done);

/// The spec of `space`, or not_found naming it.
Result<storage::VectorSpaceSpec> find_space(const std::vector<storage::VectorSpaceSpec>& spaces,
                                            const std::string& space);

}  // namespace ds::actors
