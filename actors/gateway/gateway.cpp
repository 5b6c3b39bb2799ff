#include "actors/gateway/gateway.hpp"

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "runtime/caf_error.hpp"
#include "runtime/wire/build.hpp"
#include "runtime/wire/deadline.hpp"
#include "schema/gateway.capnp.h"

namespace ds::actors {
namespace {

struct GatewayState {
  GatewayOptions options;
};

/// Answers a ping: the payload is deep-copied into the response, so every
/// pointer of the request is checked against the read limits.
Result<wire::Envelope> answer_ping(const GatewayOptions& options, const wire::Envelope& request) {
  return wire::read<schema::PingRequest>(
      request,
      [&](schema::PingRequest::Reader ping) -> Result<wire::Envelope> {
        if (auto r = wire::check_deadline(ping.getHeader()); !r) return r.error();
        return wire::build<schema::PingResponse>([&](schema::PingResponse::Builder pong) {
          pong.setPayload(ping.getPayload());
          pong.setNode(options.node);
          pong.setVersion(options.version);
          pong.setServerTimeUnixMicros(wire::now_unix_micros());
        });
      },
      options.limits);
}

gateway_actor::behavior_type gateway(gateway_actor::stateful_pointer<GatewayState> self,
                                     GatewayOptions options) {
  self->state.options = std::move(options);
  return {
      [self](caf::ping_atom, const wire::Envelope& request) {
        return runtime::to_caf_result(answer_ping(self->state.options, request));
      },
  };
}

}  // namespace

gateway_actor spawn_gateway(caf::actor_system& system, GatewayOptions options) {
  return system.spawn(gateway, std::move(options));
}

}  // namespace ds::actors
