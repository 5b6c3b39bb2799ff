#include "actors/gateway/gateway.hpp"

#include <chrono>

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "runtime/caf_error.hpp"
#include "runtime/wire/build.hpp"
#include "schema/gateway.capnp.h"

namespace ds::actors {
namespace {

struct GatewayState {
  GatewayOptions options;
};

int64_t now_unix_micros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

/// Answers a ping: the payload is deep-copied into the response, so every
/// pointer of the request is checked against the read limits.
Result<wire::Envelope> answer_ping(const GatewayOptions& options, const wire::Envelope& request) {
  return wire::read<schema::PingRequest>(
      request,
      [&](schema::PingRequest::Reader ping) -> Result<wire::Envelope> {
        auto deadline = ping.getHeader().getDeadlineUnixMicros();
        if (deadline != 0 && deadline < now_unix_micros())
          return make_error(errc::timeout, "ping arrived after its deadline");
        return wire::build<schema::PingResponse>([&](schema::PingResponse::Builder pong) {
          pong.setPayload(ping.getPayload());
          pong.setNode(options.node);
          pong.setVersion(options.version);
          pong.setServerTimeUnixMicros(now_unix_micros());
        });
      },
      options.limits);
}

gateway_actor::behavior_type gateway(gateway_actor::stateful_pointer<GatewayState> self,
                                     GatewayOptions options) {
  self->state.options = std::move(options);
  return {
      [self](caf::ping_atom, const wire::Envelope& request) -> caf::result<wire::Envelope> {
        auto response = answer_ping(self->state.options, request);
        if (!response) return runtime::to_caf(response.error());
        return std::move(response).value();
      },
  };
}

}  // namespace

gateway_actor spawn_gateway(caf::actor_system& system, GatewayOptions options) {
  return system.spawn(gateway, std::move(options));
}

}  // namespace ds::actors
