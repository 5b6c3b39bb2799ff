#include "actors/gateway/gateway.hpp"

#include <caf/stateful_actor.hpp>

#include "actors/gateway/gateway_state.hpp"
#include "actors/search/text_query.hpp"
#include "actors/search/vector_query.hpp"
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

/// Hands a query to the engine as it is now.
caf::result<wire::Envelope> infer(GatewaySelf self, const wire::Envelope& request) {
  const auto& current = self->state.options.engine;
  auto engine = current ? current->get() : protocol::query_engine_actor{};
  if (!engine)
    return protocol::to_caf(
        make_error(errc::unavailable, current ? "the query engine is restarting; retry the request"
                                              : "this node runs no query engine"));
  return self->delegate(engine, infer_atom::value, request);
}

/// A vector or text search run by the search library, answered through a
/// promise.
template <class Run>
Promise search(GatewaySelf self, Run run, const wire::Envelope& request) {
  return graph_request(
      self,
      [run](GatewaySelf self, Promise promise, const wire::Envelope& request) {
        run(search_context(self), request, [promise](Result<wire::Envelope> result) mutable {
          deliver(promise, std::move(result));
        });
      },
      request);
}

protocol::gateway_actor::behavior_type gateway(GatewaySelf self, GatewayOptions options) {
  self->state.options = std::move(options);
  if (self->state.options.shards) self->state.calls = coalescing_calls(self);
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
        return search(self, run_vector_query, request);
      },
      [self](text_search_atom, const wire::Envelope& request) {
        return search(self, run_text_query, request);
      },
      [self](infer_atom, const wire::Envelope& request) { return infer(self, request); },
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

const ShardCalls& shard_calls(GatewaySelf self) { return *self->state.calls; }

SearchContext search_context(GatewaySelf self) {
  const auto& options = self->state.options;
  return SearchContext{shard_calls(self), options.limits, options.max_k, options.tokenizer,
                       options.bm25};
}

}  // namespace ds::actors
