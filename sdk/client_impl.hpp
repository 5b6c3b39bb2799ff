#pragma once

// The state behind a Client, shared by the files that implement its calls
// (client.cpp: ping, import, graph reads; client_vectors.cpp: spaces,
// vectors, searches).

#include <atomic>
#include <future>
#include <memory>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>

#include "protocol/caf_error.hpp"
#include "protocol/interfaces/gateway.hpp"
#include "protocol/wire/deadline.hpp"
#include "protocol/wire/read.hpp"
#include "runtime/actor_bridge.hpp"
#include "schema/common.capnp.h"
#include "sdk/client.hpp"

namespace ds::sdk {

struct Client::Impl {
  ClientOptions options;
  caf::actor_system_config config;
  std::unique_ptr<caf::actor_system> system;
  protocol::gateway_actor gateway;
  std::atomic<uint64_t> next_request_id{1};

  std::chrono::system_clock::time_point deadline() const {
    return std::chrono::system_clock::now() + options.request_timeout;
  }

  void set_header(schema::RequestHeader::Builder header) {
    header.setRequestId(next_request_id++);
    header.setDeadlineUnixMicros(wire::unix_micros(deadline()));
  }

  /// Sends `message...` to the gateway and hands `done` the decoded reply.
  template <class T, class Decode, class... Ts>
  void call(Decode decode, std::function<void(Result<T>)> done, Ts... message) {
    runtime::ask_async(
        *system, gateway, caf::timespan{options.request_timeout},
        [done, decode](const wire::Envelope& reply) { done(decode(reply)); },
        [done](caf::error& error) { done(protocol::from_caf(error)); }, std::move(message)...);
  }

  template <class T, class Decode, class... Ts>
  std::future<Result<T>> call(Decode decode, Ts... message) {
    auto promise = std::make_shared<std::promise<Result<T>>>();
    auto future = promise->get_future();
    call<T>(
        decode, std::function<void(Result<T>)>([promise](Result<T> r) {
          promise->set_value(std::move(r));
        }),
        std::move(message)...);
    return future;
  }
};

}  // namespace ds::sdk
