// (neighbours, NeighboursRequest): breadth-first expansion from one node,
// one hop at a time. Each hop sends one ExpandRequest per shard that owns
// part of the frontier; the replies, grouped by owner, form the next
// frontier. Round trips are what a traversal costs, so none is spent alone
// on keys: the first hop names the start by key (its owner resolves it), each
// later hop's expansion also answers the keys of the nodes it expands (the
// previous hop's), and only the last hop's nodes need a key lookup of their
// own. A k-hop traversal is k + 1 round trips of one batch per shard, or k
// when the last hop's expansions could tell every key they reached (each
// shard tells those of the nodes it owns).

#include <algorithm>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "actors/gateway/gateway_state.hpp"
#include "actors/routing/gather.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/deadline.hpp"
#include "schema/gateway.capnp.h"
#include "schema/graph.capnp.h"
#include "schema/text.hpp"

namespace ds::actors {
namespace {

using storage::EntityId;

struct Entry {
  EntityId id;
  std::string type;
  uint32_t hops;
};

struct TraversalJob {
  GatewaySelf self;
  Promise promise;
  // The client's header, copied into every shard request.
  uint64_t request_id = 0;
  int64_t deadline = 0;
  schema::Priority priority = schema::Priority::NORMAL;
  std::string key;
  std::vector<std::string> types;
  schema::Direction direction = schema::Direction::OUT;
  uint32_t hops = 1;

  uint32_t hop = 0;
  std::vector<EntityId> frontier;
  std::unordered_set<EntityId> visited;
  std::vector<Entry> entries;
  std::unordered_map<EntityId, std::string> keys;  // of the nodes expanded so far

  const GatewayOptions& options() const { return self->state.options; }
  void finish(Result<wire::Envelope> result) { deliver(promise, std::move(result)); }

  /// Fills a shard request's header from the client's.
  void set_header(schema::RequestHeader::Builder out) const {
    out.setRequestId(request_id);
    out.setDeadlineUnixMicros(deadline);
    out.setPriority(priority);
  }

  /// Frontier ids grouped by owning shard.
  std::pair<std::vector<uint32_t>, std::vector<std::vector<EntityId>>> by_shard(
      const std::vector<EntityId>& ids) const {
    std::unordered_map<uint32_t, std::size_t> position;
    std::vector<uint32_t> shards;
    std::vector<std::vector<EntityId>> groups;
    for (auto id : ids) {
      auto [it, added] = position.emplace(options().shards->shard_of_id(id), shards.size());
      if (added) {
        shards.push_back(it->first);
        groups.emplace_back();
      }
      groups[it->second].push_back(id);
    }
    return {std::move(shards), std::move(groups)};
  }
};

using TraversalJobPtr = std::shared_ptr<TraversalJob>;

Result<void> parse(TraversalJob& job, const wire::Envelope& request) {
  return wire::read<schema::NeighboursRequest>(
      request,
      [&](schema::NeighboursRequest::Reader r) -> Result<void> {
        if (auto ok = wire::check_deadline(r.getHeader()); !ok) return ok;
        job.request_id = r.getHeader().getRequestId();
        job.deadline = r.getHeader().getDeadlineUnixMicros();
        job.priority = r.getHeader().getPriority();
        job.key.assign(r.getKey().cStr(), r.getKey().size());
        if (job.key.empty()) return make_error(errc::invalid_argument, "key: empty");
        for (auto type : r.getTypes()) {
          if (type.size() == 0) return make_error(errc::invalid_argument, "type: empty name");
          job.types.emplace_back(type.cStr(), type.size());
        }
        job.direction = r.getDirection();
        job.hops = r.getHops();
        auto max = job.options().max_hops;
        if (job.hops < 1 || job.hops > max)
          return make_error(errc::invalid_argument, "hops: " + std::to_string(job.hops) +
                                                        " is outside 1.." + std::to_string(max) +
                                                        " (the node's graph.max_hops)");
        return {};
      },
      job.options().limits);
}

void resolve_keys(const TraversalJobPtr& job);

/// An ExpandRequest for this hop: `ids` (or the start `key`), asking for the
/// keys of the nodes it expands.
wire::Envelope expand_request(const TraversalJob& job, const std::vector<EntityId>& ids,
                              const std::string* key) {
  return wire::build<schema::ExpandRequest>([&](schema::ExpandRequest::Builder r) {
    job.set_header(r.initHeader());
    auto list = r.initIds(static_cast<unsigned>(ids.size()));
    for (unsigned i = 0; i < ids.size(); ++i)
      list.set(i, ids[i]);
    if (key) r.initKeys(1).set(0, *key);
    r.setWithKeys(true);
    r.setReachedKeys(job.hop + 1 == job.hops);
    auto types = r.initTypes(static_cast<unsigned>(job.types.size()));
    for (unsigned i = 0; i < job.types.size(); ++i)
      types.set(i, job.types[i]);
    r.setDirection(job.direction);
    r.setShardCount(job.options().shards->size());
  });
}

/// Takes in one hop's replies: the keys of the nodes expanded, and the
/// nodes reached, not seen before, as the next frontier.
Result<void> take_hop(TraversalJob& job, const Replies& replies) {
  ++job.hop;
  std::set<std::pair<EntityId, std::string>> seen;  // (node, relation) this hop
  std::vector<EntityId> next;
  for (const auto& reply : replies) {
    auto read = wire::read<schema::ExpandResponse>(
        reply, [&](schema::ExpandResponse::Reader response) -> Result<void> {
          for (auto node : response.getNodes())
            job.keys.emplace(node.getId(), schema::to_string(node.getKey()));
          for (auto node : response.getReached())
            job.keys.emplace(node.getId(), schema::to_string(node.getKey()));
          if (job.hop == 1) {  // the start, resolved by its owner
            if (response.getNodes().size() != 1)
              return make_error(errc::not_found, "no node has the key \"" + job.key + "\"");
            job.visited.insert(response.getNodes()[0].getId());
          }
          for (auto group : response.getGroups())
            for (auto reached : group.getReached()) {
              auto id = reached.getId();
              if (job.visited.count(id)) continue;
              auto type = schema::to_string(reached.getType());
              if (!seen.emplace(id, type).second) continue;
              next.push_back(id);
              job.entries.push_back({id, std::move(type), job.hop});
            }
          return {};
        });
    if (!read) return read;
  }
  std::sort(next.begin(), next.end());
  next.erase(std::unique(next.begin(), next.end()), next.end());
  job.visited.insert(next.begin(), next.end());
  job.frontier = std::move(next);
  return {};
}

void expand(const TraversalJobPtr& job);

/// Sends one hop's requests; its replies lead to the next hop.
void send_hop(const TraversalJobPtr& job, std::vector<uint32_t> shards,
              std::vector<wire::Envelope> requests) {
  shard_calls(job->self).scatter(ShardOp::expand, shards, std::move(requests),
                                 [job](Result<Replies> replies) {
                                   if (!replies) return job->finish(replies.error());
                                   if (auto taken = take_hop(*job, *replies); !taken)
                                     return job->finish(taken.error());
                                   expand(job);
                                 });
}

/// The first hop: the start's owner resolves its key and expands it.
void start(const TraversalJobPtr& job) {
  send_hop(job, {job->options().shards->shard_of_key(job->key)},
           {expand_request(*job, {}, &job->key)});
}

/// A later hop, or the end.
void expand(const TraversalJobPtr& job) {
  if (job->hop == job->hops || job->frontier.empty()) return resolve_keys(job);
  auto [shards, groups] = job->by_shard(job->frontier);
  std::vector<wire::Envelope> requests;
  for (const auto& ids : groups)
    requests.push_back(expand_request(*job, ids, nullptr));
  send_hop(job, std::move(shards), std::move(requests));
}

/// The answer, ordered by hops, key, type. An edge whose other end was
/// deleted meanwhile names no node: it is left out.
wire::Envelope answer(TraversalJob& job) {
  std::vector<std::tuple<uint32_t, std::string, std::string>> rows;
  for (auto& e : job.entries)
    if (auto key = job.keys.find(e.id); key != job.keys.end())
      rows.emplace_back(e.hops, key->second, std::move(e.type));
  std::sort(rows.begin(), rows.end());
  return wire::build<schema::NeighboursResponse>([&](schema::NeighboursResponse::Builder out) {
    auto list = out.initNeighbours(static_cast<unsigned>(rows.size()));
    for (unsigned i = 0; i < rows.size(); ++i) {
      list[i].setHops(std::get<0>(rows[i]));
      list[i].setKey(std::get<1>(rows[i]));
      list[i].setType(std::get<2>(rows[i]));
    }
  });
}

/// The keys of the last hop's nodes that no expansion told, at their owners.
void resolve_keys(const TraversalJobPtr& job) {
  std::vector<EntityId> unknown;
  for (auto id : job->frontier)
    if (!job->keys.count(id)) unknown.push_back(id);
  if (unknown.empty()) return job->finish(answer(*job));
  auto [shards, groups] = job->by_shard(unknown);
  std::vector<wire::Envelope> requests;
  for (const auto& group : groups)
    requests.push_back(wire::build<schema::NodeLookup>([&](schema::NodeLookup::Builder r) {
      job->set_header(r.initHeader());
      auto list = r.initIds(static_cast<unsigned>(group.size()));
      for (unsigned i = 0; i < group.size(); ++i)
        list.set(i, group[i]);
      r.setKeysOnly(true);
    }));
  shard_calls(job->self).scatter(
      ShardOp::lookup, shards, std::move(requests), [job](Result<Replies> replies) {
        if (!replies) return job->finish(replies.error());
        for (const auto& reply : *replies) {
          auto read = wire::read<schema::NodeList>(reply, [&](schema::NodeList::Reader list) {
            for (auto node : list.getNodes())
              if (node.getFound())
                job->keys.emplace(node.getId(), schema::to_string(node.getKey()));
          });
          if (!read) return job->finish(read.error());
        }
        job->finish(answer(*job));
      });
}

}  // namespace

void find_neighbours(GatewaySelf self, Promise promise, const wire::Envelope& request) {
  auto job = std::make_shared<TraversalJob>();
  job->self = self;
  job->promise = std::move(promise);
  if (auto parsed = parse(*job, request); !parsed) return job->finish(parsed.error());
  start(job);
}

}  // namespace ds::actors
