#pragma once

// A graph shard's part of a full-text search (docs/vector-search.md, Text):
// its statistics for the query's terms, then its k best documents scored
// with the statistics summed over every shard.

#include "common/result.hpp"
#include "protocol/wire/envelope.hpp"
#include "schema/graph.capnp.h"
#include "storage/graph/graph_store.hpp"

namespace ds::actors {

/// TextStatsRequest -> TextStats.
Result<wire::Envelope> text_stats(const storage::GraphStore& store,
                                  schema::TextStatsRequest::Reader request);

/// TextSearchRequest -> TextSearchResponse, with the hits' keys (read here,
/// where the nodes live, so the gateway needs no lookup round).
Result<wire::Envelope> text_search(const storage::GraphStore& store,
                                   schema::TextSearchRequest::Reader request);

}  // namespace ds::actors
