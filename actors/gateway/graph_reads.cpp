// (lookup, NodeRequest) and (stats): reads answered by one shard or by all.

#include "actors/gateway/gateway_state.hpp"
#include "actors/routing/gather.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/deadline.hpp"
#include "schema/gateway.capnp.h"
#include "schema/graph.capnp.h"

namespace ds::actors {

void lookup_node(GatewaySelf self, Promise promise, const wire::Envelope& request) {
  const auto& options = self->state.options;
  std::string key;
  auto shard_request = wire::read<schema::NodeRequest>(
      request,
      [&](schema::NodeRequest::Reader node) -> Result<wire::Envelope> {
        if (auto ok = wire::check_deadline(node.getHeader()); !ok) return ok.error();
        key.assign(node.getKey().cStr(), node.getKey().size());
        if (key.empty()) return make_error(errc::invalid_argument, "key: empty");
        return wire::build<schema::NodeLookup>([&](schema::NodeLookup::Builder lookup) {
          lookup.setHeader(node.getHeader());
          lookup.initKeys(1).set(0, node.getKey());
        });
      },
      options.limits);
  if (!shard_request) return deliver(promise, shard_request.error());
  shard_calls(self).ask(
      options.shards->shard_of_key(key), ShardOp::lookup, std::move(shard_request).value(),
      [promise, key](Result<wire::Envelope> reply) mutable {
        if (!reply) return deliver(promise, reply.error());
        deliver(promise, wire::read<schema::NodeList>(
                             *reply, [&](schema::NodeList::Reader list) -> Result<wire::Envelope> {
                               if (list.getNodes().size() != 1 || !list.getNodes()[0].getFound())
                                 return make_error(errc::not_found,
                                                   "no node has the key \"" + key + "\"");
                               return wire::copy<schema::NodeData>(list.getNodes()[0]);
                             }));
      });
}

void graph_stats(GatewaySelf self, Promise promise) {
  auto calls = shard_calls(self);
  auto shards = calls.map().all();
  calls.scatter(
      ShardOp::stats, shards, std::vector<wire::Envelope>(shards.size()),
      [promise, shards = calls.map().size()](Result<Replies> replies) mutable {
        if (!replies) return deliver(promise, replies.error());
        uint64_t nodes = 0, edges = 0, in_entries = 0;
        for (const auto& reply : *replies) {
          auto read = wire::read<schema::ShardStats>(reply, [&](schema::ShardStats::Reader s) {
            nodes += s.getNodes();
            edges += s.getOutEdges();
            in_entries += s.getInEdges();
          });
          if (!read) return deliver(promise, read.error());
        }
        deliver(promise, wire::build<schema::GraphStats>([&](schema::GraphStats::Builder out) {
                  out.setShards(shards);
                  out.setNodes(nodes);
                  out.setEdges(edges);
                  out.setInEntries(in_entries);
                }));
      });
}

}  // namespace ds::actors
