#pragma once

// A TextQuery (schema/gateway.capnp) over every graph shard: BM25 with the
// statistics of every shard summed, so that a document's score does not
// depend on the shard count.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "actors/search/search_context.hpp"
#include "common/result.hpp"
#include "protocol/wire/envelope.hpp"
#include "storage/graph/graph_types.hpp"

namespace ds::actors {

/// `done` once, with a TextQueryResponse or the error.
void run_text_query(const SearchContext& context, const wire::Envelope& request,
                    std::function<void(Result<wire::Envelope>)> done);

/// Every graph shard's full-text statistics for `terms`, summed.
void fetch_text_stats(const ShardCalls& calls, const std::vector<std::string>& terms,
                      int64_t deadline, std::function<void(Result<storage::TextStats>)> done);

}  // namespace ds::actors
