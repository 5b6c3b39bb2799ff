#pragma once

// A compute unit's interface: bases of vectors resident on one device and
// exact kNN over them (schema/compute.capnp).
// Requests and replies are Cap'n Proto messages in envelopes, so the same
// handle serves callers in this process and across nodes.

#include <cstdint>

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "protocol/type_ids.hpp"
#include "protocol/wire/envelope.hpp"

namespace ds::protocol {

/// - `(upload, BaseUpload)` -> BaseInfo: puts a base on the device,
///   replacing one of that name.
/// - `(apply, BaseUpdate)` -> BaseInfo: changes a base in place.
/// - `(drop, BaseDrop)` -> BaseInfo (of what was dropped; size 0 if none).
/// - `(search, KnnRequest)` -> KnnResponse.
/// - `(stats)` -> ComputeUnitStats.
/// - `(flush, generation)`: internal, the end of a batch.
/// Errors: not_found (unknown base), invalid_argument (dimension, k),
/// overloaded (device memory), unavailable (a device error),
/// malformed_message, timeout.
using compute_unit_actor =
    caf::typed_actor<caf::replies_to<upload_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<apply_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<drop_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<search_atom, wire::Envelope>::with<wire::Envelope>,
                     caf::replies_to<stats_atom>::with<wire::Envelope>,
                     caf::reacts_to<flush_atom, uint64_t>>;

}  // namespace ds::protocol
