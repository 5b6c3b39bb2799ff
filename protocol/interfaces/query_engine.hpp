#pragma once

// The query engine's interface: a Cypher query or a plain-language question
// in, its answer out (schema/query.capnp).
// Requests and replies are Cap'n Proto messages in envelopes, so the same
// handle serves callers in this process and across nodes.

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "protocol/type_ids.hpp"
#include "protocol/wire/envelope.hpp"

namespace ds::protocol {

/// - `(infer, InferRequest)` -> InferResponse (schema/query.capnp). A query
///   the engine refuses, or that fails while running, is a response with
///   `failed` and the failure's code, message and position; a malformed
///   request is errc::malformed_message.
using query_engine_actor =
    caf::typed_actor<caf::replies_to<infer_atom, wire::Envelope>::with<wire::Envelope>>;

}  // namespace ds::protocol
