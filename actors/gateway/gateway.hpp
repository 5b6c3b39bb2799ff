#pragma once

// The gateway: the actor a node publishes for SDK clients (deepseek-cli).
// Requests are Cap'n Proto messages in envelopes (schema/gateway.capnp);
// later issues route queries and imports through it.

#include <string>

#include <caf/actor_system.hpp>
#include <caf/atom.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "runtime/type_ids.hpp"
#include "runtime/wire/envelope.hpp"
#include "runtime/wire/read.hpp"

namespace ds::actors {

/// `(ping, PingRequest)` -> PingResponse: echoes the payload with the node's
/// name and version. A malformed or over-limit request is answered with an
/// errc::malformed_message error, a request past its deadline with
/// errc::timeout; the gateway keeps serving either way.
using gateway_actor =
    caf::typed_actor<caf::replies_to<caf::ping_atom, wire::Envelope>::with<wire::Envelope>>;

struct GatewayOptions {
  std::string node = "deepseek";
  std::string version;
  wire::ReadLimits limits;  ///< applied to every request read
};

gateway_actor spawn_gateway(caf::actor_system& system, GatewayOptions options);

}  // namespace ds::actors
