#pragma once

// A vector shard's interface: index updates and batched searches over the
// vector spaces of one graph shard's slots (schema/vector.capnp).
// Requests and replies are Cap'n Proto messages in envelopes, so the same
// handle serves callers in this process and across nodes.

#include <cstdint>

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "protocol/type_ids.hpp"
#include "protocol/wire/envelope.hpp"

namespace ds::protocol {

/// - `(apply, VectorUpdate)` -> VectorUpdateResult: upserts, deletes or a
///   dropped space, applied to the index (the store already has them).
/// - `(search, VectorSearchRequest)` -> VectorSearchResponse.
/// - `(stats)` -> VectorShardStats.
/// - `(flush, generation)`: internal, the end of a batch (a delayed flush
///   of a batch that already ran is ignored).
/// Errors: not_found (unknown space), invalid_argument (wrong dimension,
/// NaN, k of 0), malformed_message, timeout.
using vector_shard_actor =
    caf::typed_actor<caf::replies_to<apply_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<search_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<stats_atom>::with<wire::Envelope>,
                     caf::reacts_to<flush_atom, uint64_t>>;

}  // namespace ds::protocol
