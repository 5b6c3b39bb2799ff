#include "sdk/client.hpp"

#include <atomic>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/io/middleman.hpp>

#include "protocol/caf_error.hpp"
#include "protocol/codec/direction_codec.hpp"
#include "protocol/codec/import_request.hpp"
#include "protocol/interfaces/gateway.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/deadline.hpp"
#include "runtime/actor_bridge.hpp"
#include "runtime/actor_system_setup.hpp"
#include "schema/gateway.capnp.h"
#include "schema/graph.capnp.h"
#include "schema/text.hpp"
#include "schema/value_codec.hpp"
#include "sdk/client_impl.hpp"

namespace ds::sdk {

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
      impl->system->middleman().remote_actor<protocol::gateway_actor>(options.host, options.port);
  if (!gateway)
    return make_error(errc::unavailable, "cannot reach a DeepSeek node at " + options.host + ":" +
                                             std::to_string(options.port) + ": " +
                                             impl->system->render(gateway.error()));
  impl->gateway = std::move(*gateway);
  return std::unique_ptr<Client>(new Client(std::move(impl)));
}

void Client::ping(std::string payload, std::function<void(Result<Pong>)> done) {
  auto request = wire::build<schema::PingRequest>([&](schema::PingRequest::Builder ping) {
    impl_->set_header(ping.initHeader());
    ping.initPayload().setText(payload);
  });
  auto sent = std::chrono::steady_clock::now();
  impl_->call<Pong>(
      [sent](const wire::Envelope& response) {
        auto elapsed = std::chrono::steady_clock::now() - sent;
        return wire::read<schema::PingResponse>(response, [&](schema::PingResponse::Reader pong) {
          return Pong{pong.getNode().cStr(), pong.getVersion().cStr(),
                      pong.getPayload().isText() ? pong.getPayload().getText().cStr() : "",
                      std::chrono::duration_cast<std::chrono::microseconds>(elapsed)};
        });
      },
      std::move(done), caf::ping_atom::value, std::move(request));
}

std::future<Result<Pong>> Client::ping(std::string payload) {
  auto promise = std::make_shared<std::promise<Result<Pong>>>();
  auto future = promise->get_future();
  ping(std::move(payload), [promise](Result<Pong> pong) { promise->set_value(std::move(pong)); });
  return future;
}

void Client::import(const storage::ImportBatch& batch, std::function<void(Result<void>)> done) {
  auto request = protocol::import_request(batch, impl_->next_request_id++, impl_->deadline());
  impl_->call<void>(
      [](const wire::Envelope& reply) {
        return wire::read<schema::ImportResponse>(reply, [](schema::ImportResponse::Reader) {});
      },
      std::move(done), import_atom::value, std::move(request));
}

BatchSender Client::batch_sender() {
  return [this](const storage::ImportBatch& batch, std::function<void(Result<void>)> done) {
    import(batch, std::move(done));
  };
}

std::future<Result<storage::Node>> Client::node(std::string key) {
  auto request = wire::build<schema::NodeRequest>([&](schema::NodeRequest::Builder r) {
    impl_->set_header(r.initHeader());
    r.setKey(key);
  });
  return impl_->call<storage::Node>(
      [](const wire::Envelope& reply) {
        return wire::read<schema::NodeData>(reply, [](schema::NodeData::Reader data) {
          storage::Node node{data.getId(), schema::to_string(data.getKey()), {}, {}};
          for (auto label : data.getLabels())
            node.labels.push_back(schema::to_string(label));
          node.properties = schema::read_properties(data.getProperties());
          return node;
        });
      },
      lookup_atom::value, std::move(request));
}

std::future<Result<std::vector<Neighbour>>> Client::neighbours(NeighboursQuery query) {
  auto request = wire::build<schema::NeighboursRequest>([&](schema::NeighboursRequest::Builder r) {
    impl_->set_header(r.initHeader());
    r.setKey(query.key);
    auto types = r.initTypes(static_cast<unsigned>(query.types.size()));
    for (unsigned i = 0; i < query.types.size(); ++i)
      types.set(i, query.types[i]);
    r.setDirection(protocol::to_wire(query.direction));
    r.setHops(query.hops);
  });
  return impl_->call<std::vector<Neighbour>>(
      [](const wire::Envelope& reply) {
        return wire::read<schema::NeighboursResponse>(
            reply, [](schema::NeighboursResponse::Reader response) {
              std::vector<Neighbour> out;
              for (auto n : response.getNeighbours())
                out.push_back(
                    {schema::to_string(n.getKey()), schema::to_string(n.getType()), n.getHops()});
              return out;
            });
      },
      neighbours_atom::value, std::move(request));
}

std::future<Result<GraphTotals>> Client::stats() {
  return impl_->call<GraphTotals>(
      [](const wire::Envelope& reply) {
        return wire::read<schema::GraphStats>(reply, [](schema::GraphStats::Reader s) {
          return GraphTotals{s.getShards(), s.getNodes(), s.getEdges(), s.getInEntries()};
        });
      },
      stats_atom::value);
}

}  // namespace ds::sdk
