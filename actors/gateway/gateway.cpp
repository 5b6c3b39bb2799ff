#include "actors/gateway/gateway.hpp"

#include <caf/stateful_actor.hpp>

#include "actors/gateway/gateway_state.hpp"
#include "protocol/caf_error.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/deadline.hpp"
#include "schema/gateway.capnp.h"

namespace ds::actors {
namespace {

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

/// Runs `handle(self, promise, args...)` for a graph request, or answers
/// unavailable on a node without graph shards.
template <class Handler, class... Args>
Promise graph_request(GatewaySelf self, Handler handle, Args&&... args) {
  auto promise = self->make_response_promise<wire::Envelope>();
  if (!self->state.options.shards)
    deliver(promise, make_error(errc::unavailable, "this node serves no graph shards"));
  else
    handle(self, promise, std::forward<Args>(args)...);
  return promise;
}

/// The query engine of a gateway with shards, linked to it.
void start_engine(GatewaySelf self) {
  const auto& options = self->state.options;
  if (!options.shards) return;
  auto engine_options = options.queries;
  engine_options.shards = options.shards;
  engine_options.limits = options.limits;
  engine_options.shard_timeout = options.shard_timeout;
  engine_options.gateway = caf::actor_cast<caf::actor>(self);
  self->state.engine = spawn_query_engine(self->system(), std::move(engine_options));
  self->link_to(self->state.engine);
}

protocol::gateway_actor::behavior_type gateway(GatewaySelf self, GatewayOptions options) {
  self->state.options = std::move(options);
  start_engine(self);
  return {
      [self](caf::ping_atom, const wire::Envelope& request) {
        return protocol::to_caf_result(answer_ping(self->state.options, request));
      },
      [self](import_atom, const wire::Envelope& request) {
        return graph_request(self, import_graph, request);
      },
      [self](lookup_atom, const wire::Envelope& request) {
        return graph_request(self, lookup_node, request);
      },
      [self](neighbours_atom, const wire::Envelope& request) {
        return graph_request(self, find_neighbours, request);
      },
      [self](stats_atom) { return graph_request(self, graph_stats); },
      [self](repair_atom) { return graph_request(self, repair_graph); },
      [self](define_atom, const wire::Envelope& request) {
        return graph_request(self, define_space, request);
      },
      [self](spaces_atom) { return graph_request(self, list_spaces); },
      [self](drop_atom, const wire::Envelope& request) {
        return graph_request(self, drop_space, request);
      },
      [self](upsert_atom, const wire::Envelope& request) {
        return graph_request(self, upsert_vectors, request);
      },
      [self](erase_atom, const wire::Envelope& request) {
        return graph_request(self, delete_vectors, request);
      },
      [self](search_atom, const wire::Envelope& request) {
        return graph_request(self, search_vectors, request);
      },
      [self](text_search_atom, const wire::Envelope& request) {
        return graph_request(self, search_text, request);
      },
      [self](infer_atom, const wire::Envelope& request) -> caf::result<wire::Envelope> {
        if (!self->state.engine)
          return protocol::to_caf(
              make_error(errc::unavailable, "this node serves no graph shards"));
        return self->delegate(self->state.engine, infer_atom::value, request);
      },
      [self](flush_atom) { flush_shard_reads(self); },
  };
}

}  // namespace

void deliver(Promise& promise, Result<wire::Envelope> result) {
  if (result)
    promise.deliver(std::move(result).value());
  else
    promise.deliver(protocol::to_caf(result.error()));
}

protocol::gateway_actor spawn_gateway(caf::actor_system& system, GatewayOptions options) {
  return system.spawn(gateway, std::move(options));
}

ShardCalls shard_calls(GatewaySelf self) {
  return ShardCalls::from(self, self->state.options.shards, self->state.options.shard_timeout);
}

}  // namespace ds::actors
