#pragma once

// An HTTP route's request to the gateway actor: the same envelopes the SDK
// sends, answered asynchronously (the HTTP thread does not wait).

#include <chrono>
#include <memory>
#include <utility>

#include <caf/actor_system.hpp>

#include "node/config/node_config.hpp"
#include "node/gateway_child.hpp"
#include "protocol/caf_error.hpp"
#include "protocol/wire/deadline.hpp"
#include "runtime/actor_bridge.hpp"
#include "runtime/http/json_response.hpp"
#include "runtime/http/router.hpp"
#include "schema/common.capnp.h"

namespace ds::node {

using Gateway = std::shared_ptr<const CurrentGateway>;

/// Sends `request` to the gateway; `answer` turns the reply into a response.
template <class Answer, class... Args>
void ask_gateway(caf::actor_system& system, const Gateway& gateway, Millis timeout, Answer answer,
                 runtime::Responder respond, Args... args) {
  auto handle = gateway->get();
  if (!handle)
    return respond(
        runtime::error_response(make_error(errc::unavailable, "the gateway is not running")));
  runtime::ask_async(
      system, handle, caf::timespan{timeout},
      [answer, respond](const wire::Envelope& reply) {
        auto response = answer(reply);
        respond(response ? std::move(response).value() : runtime::error_response(response.error()));
      },
      [respond](caf::error& error) { respond(runtime::error_response(protocol::from_caf(error))); },
      std::move(args)...);
}

/// The request's deadline: now + the node's rpc_timeout.
inline void set_header(schema::RequestHeader::Builder header, Millis timeout) {
  header.setDeadlineUnixMicros(wire::unix_micros(std::chrono::system_clock::now() + timeout));
}

}  // namespace ds::node
