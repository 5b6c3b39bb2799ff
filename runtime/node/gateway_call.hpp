#pragma once

// An HTTP route's request to the gateway actor: the same envelopes the SDK
// sends, answered asynchronously (the HTTP thread does not wait).

#include <chrono>
#include <memory>
#include <utility>

#include <caf/actor_system.hpp>

#include "runtime/actor_bridge.hpp"
#include "runtime/caf_error.hpp"
#include "runtime/config/node_config.hpp"
#include "runtime/http/json_response.hpp"
#include "runtime/http/router.hpp"
#include "runtime/node/gateway_child.hpp"
#include "runtime/wire/deadline.hpp"
#include "schema/common.capnp.h"

namespace ds::runtime {

using Gateway = std::shared_ptr<const CurrentGateway>;

/// Sends `request` to the gateway; `answer` turns the reply into a response.
template <class Answer, class... Args>
void ask_gateway(caf::actor_system& system, const Gateway& gateway, Millis timeout,
                 Answer answer, Responder respond, Args... args) {
  auto handle = gateway->get();
  if (!handle)
    return respond(error_response(make_error(errc::unavailable, "the gateway is not running")));
  ask_async(
      system, handle, caf::timespan{timeout},
      [answer, respond](const wire::Envelope& reply) {
        auto response = answer(reply);
        respond(response ? std::move(response).value() : error_response(response.error()));
      },
      [respond](caf::error& error) { respond(error_response(from_caf(error))); },
      std::move(args)...);
}

/// The request's deadline: now + the node's rpc_timeout.
inline void set_header(schema::RequestHeader::Builder header, Millis timeout) {
  header.setDeadlineUnixMicros(wire::unix_micros(std::chrono::system_clock::now() + timeout));
}

}  // namespace ds::runtime
