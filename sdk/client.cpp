#include "sdk/client.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/io/middleman.hpp>

#include "actors/gateway/gateway.hpp"
#include "runtime/actor_bridge.hpp"
#include "runtime/actor_system_setup.hpp"
#include "runtime/caf_error.hpp"
#include "runtime/wire/build.hpp"
#include "runtime/wire/deadline.hpp"
#include "schema/gateway.capnp.h"

namespace ds::sdk {
struct Client::Impl {
  ClientOptions options;
  caf::actor_system_config config;
  std::unique_ptr<caf::actor_system> system;
  actors::gateway_actor gateway;
  uint64_t next_request_id = 1;
};

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::~Client() = default;

Result<std::unique_ptr<Client>> Client::connect(const ClientOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  runtime::ActorSystemOptions system_options;
  system_options.threads = 2;
  runtime::configure_actor_system(impl->config, system_options);
  impl->system = std::make_unique<caf::actor_system>(impl->config);
  auto gateway =
      impl->system->middleman().remote_actor<actors::gateway_actor>(options.host, options.port);
  if (!gateway)
    return make_error(errc::unavailable, "cannot reach a DeepSeek node at " + options.host + ":" +
                                             std::to_string(options.port) + ": " +
                                             impl->system->render(gateway.error()));
  impl->gateway = std::move(*gateway);
  return std::unique_ptr<Client>(new Client(std::move(impl)));
}

void Client::ping(std::string payload, std::function<void(Result<Pong>)> done) {
  auto deadline = std::chrono::system_clock::now() + impl_->options.request_timeout;
  auto request = wire::build<schema::PingRequest>([&](schema::PingRequest::Builder ping) {
    auto header = ping.initHeader();
    header.setRequestId(impl_->next_request_id++);
    header.setDeadlineUnixMicros(wire::unix_micros(deadline));
    ping.initPayload().setText(payload);
  });
  auto sent = std::chrono::steady_clock::now();
  runtime::ask_async(
      *impl_->system, impl_->gateway, caf::timespan{impl_->options.request_timeout},
      [done, sent](const wire::Envelope& response) {
        auto elapsed = std::chrono::steady_clock::now() - sent;
        done(wire::read<schema::PingResponse>(response, [&](schema::PingResponse::Reader pong) {
          return Pong{pong.getNode().cStr(), pong.getVersion().cStr(),
                      pong.getPayload().isText() ? pong.getPayload().getText().cStr() : "",
                      std::chrono::duration_cast<std::chrono::microseconds>(elapsed)};
        }));
      },
      [done](caf::error& error) { done(runtime::from_caf(error)); }, caf::ping_atom::value,
      std::move(request));
}

std::future<Result<Pong>> Client::ping(std::string payload) {
  auto promise = std::make_shared<std::promise<Result<Pong>>>();
  auto future = promise->get_future();
  ping(std::move(payload), [promise](Result<Pong> pong) { promise->set_value(std::move(pong)); });
  return future;
}

}  // namespace ds::sdk
