#pragma once

// A VectorQuery (schema/gateway.capnp) over every vector shard: the k
// nearest vectors of each query, merged exactly, with their nodes' keys.

#include <functional>

#include "actors/search/search_context.hpp"
#include "common/result.hpp"
#include "protocol/wire/envelope.hpp"

namespace ds::actors {

/// `done` once, with a VectorQueryResponse or the error (a bad field is
/// invalid_argument naming it; an unknown space not_found).
void run_vector_query(const SearchContext& context, const wire::Envelope& request,
                      std::function<void(Result<wire::Envelope>)> done);

}  // namespace ds::actors
