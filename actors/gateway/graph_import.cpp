// (import, ImportRequest): an import batch over every shard it touches.
// 1. validate the whole batch (nothing is written if any item is bad);
// 2. per shard, one write: its node upserts plus "ensure" for the edge
//    endpoints it owns (bare nodes for keys without a record), which yields
//    the ids of every endpoint;
// 3. per shard, one write: the `out` entries of edges whose source it owns
//    and the `in` entries of edges whose target it owns.
// Acknowledged when every write of step 3 committed. Design and the crash
// window between the two sides of an edge: docs/graph-sharding.md.

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/gateway/gateway_state.hpp"
#include "actors/graph_shard/scatter.hpp"
#include "common/utf8.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/deadline.hpp"
#include "schema/gateway.capnp.h"
#include "schema/graph.capnp.h"
#include "schema/text.hpp"
#include "storage/import/text_checks.hpp"

namespace ds::actors {
namespace {

/// "" when `value` is fine as a key (or a type or label name), else why not:
/// the limits the importers check too, and UTF-8 (an SDK client may send
/// anything).
std::string check_text(std::string_view value, std::string_view what, bool key) {
  auto why = key ? storage::check_key(value, what) : storage::check_name(value, what);
  if (!why.empty()) return why;
  if (auto at = invalid_utf8_at(value); at != std::string_view::npos)
    return std::string(what) + " is not valid UTF-8 (byte " + std::to_string(at) + ")";
  return {};
}

Result<void> validate(schema::ImportRequest::Reader request) {
  auto fail = [](std::string where, const std::string& why) {
    return make_error(errc::invalid_argument, where + ": " + why + "; nothing was imported");
  };
  auto nodes = request.getNodes();
  for (unsigned i = 0; i < nodes.size(); ++i) {
    auto where = "nodes[" + std::to_string(i) + "]";
    if (auto why = check_text(schema::view(nodes[i].getKey()), "key", true); !why.empty())
      return fail(where, why);
    for (auto label : nodes[i].getLabels())
      if (auto why = check_text(schema::view(label), "a label", false); !why.empty())
        return fail(where, why);
  }
  auto edges = request.getEdges();
  for (unsigned i = 0; i < edges.size(); ++i) {
    auto where = "edges[" + std::to_string(i) + "]";
    if (auto why = check_text(schema::view(edges[i].getSrc()), "src", true); !why.empty())
      return fail(where, why);
    if (auto why = check_text(schema::view(edges[i].getDst()), "dst", true); !why.empty())
      return fail(where, why);
    if (auto why = check_text(schema::view(edges[i].getType()), "type", false); !why.empty())
      return fail(where, why);
  }
  return {};
}

/// One import batch in flight. The request envelope stays alive with the
/// job, so each step reads it again instead of copying it out.
struct ImportJob {
  GatewaySelf self;
  Promise promise;
  wire::Envelope request;
  uint64_t batch_id = 0;                          // names this batch in outboxes
  std::unordered_map<std::string, uint64_t> ids;  // endpoint key -> id
  // Step 2's writes: the shards this batch touches, and per shard its node
  // upserts (indices into the request) and the endpoint keys it ensures.
  std::vector<uint32_t> shards;
  std::vector<std::vector<unsigned>> nodes;
  std::vector<std::vector<std::string>> ensure;
  std::unordered_map<uint32_t, std::size_t> position;  // shard -> index in `shards`

  /// The index of `shard` in `shards`, added on first use.
  std::size_t part(uint32_t shard) {
    auto [it, added] = position.emplace(shard, shards.size());
    if (added) {
      shards.push_back(shard);
      nodes.emplace_back();
      ensure.emplace_back();
    }
    return it->second;
  }

  void finish(Result<wire::Envelope> result) { deliver(promise, std::move(result)); }

  template <class Read>
  auto read(Read&& visit) {
    return wire::read<schema::ImportRequest>(request, std::forward<Read>(visit),
                                             self->state.options.limits);
  }
};

using Job = std::shared_ptr<ImportJob>;

void write_edges(const Job& job);

/// Step 2: nodes and endpoint ensures, one write per shard.
void write_nodes(const Job& job) {
  const auto& map = *job->self->state.options.shards;
  std::vector<wire::Envelope> writes;
  auto planned = job->read([&](schema::ImportRequest::Reader request) -> Result<void> {
    if (auto ok = validate(request); !ok) return ok;
    if (auto ok = wire::check_deadline(request.getHeader()); !ok) return ok;
    // Each get of a list charges its whole size to the traversal limit: once.
    auto upserts = request.getNodes();
    for (unsigned i = 0; i < upserts.size(); ++i)
      job->nodes[job->part(map.shard_of_key(schema::view(upserts[i].getKey())))].push_back(i);
    for (auto edge : request.getEdges())
      for (auto key : {schema::to_string(edge.getSrc()), schema::to_string(edge.getDst())})
        if (job->ids.emplace(key, 0).second)
          job->ensure[job->part(map.shard_of_key(key))].push_back(key);
    for (std::size_t s = 0; s < job->shards.size(); ++s)
      writes.push_back(wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder out) {
        out.setHeader(request.getHeader());
        const auto& nodes = job->nodes[s];
        auto list = out.initNodes(static_cast<unsigned>(nodes.size()));
        for (unsigned k = 0; k < nodes.size(); ++k)
          list.setWithCaveats(k, upserts[nodes[k]]);
        auto keys = out.initEnsureKeys(static_cast<unsigned>(job->ensure[s].size()));
        for (unsigned k = 0; k < job->ensure[s].size(); ++k)
          keys.set(k, job->ensure[s][k]);
      }));
    return {};
  });
  if (!planned) return job->finish(planned.error());
  auto timeout = job->self->state.options.shard_timeout;
  scatter(
      map, job->shards,
      [&](const protocol::graph_shard_actor& shard, std::size_t i) {
        return job->self->request(shard, timeout, write_atom::value, writes[i]);
      },
      [job](Result<Replies> replies) {
        if (!replies) return job->finish(replies.error());
        for (std::size_t s = 0; s < replies->size(); ++s) {
          auto read = wire::read<schema::ShardWriteResult>(
              (*replies)[s], [&](schema::ShardWriteResult::Reader result) -> Result<void> {
                auto ids = result.getEnsuredIds();
                if (ids.size() != job->ensure[s].size())
                  return make_error(errc::internal, "a shard answered the wrong number of ids");
                for (unsigned k = 0; k < ids.size(); ++k)
                  job->ids[job->ensure[s][k]] = ids[k];
                return {};
              });
          if (!read) return job->finish(read.error());
        }
        write_edges(job);
      });
}

/// Fills `list` with the `out` entries (src -> dst) or the `in` entries
/// (dst <- src) of `edges[indices]`.
void fill_entries(capnp::List<schema::EdgeEntry>::Builder list,
                  capnp::List<schema::EdgeUpsert>::Reader edges,
                  const std::vector<unsigned>& indices, bool out,
                  const std::unordered_map<std::string, uint64_t>& ids) {
  for (unsigned k = 0; k < indices.size(); ++k) {
    auto edge = edges[indices[k]];
    auto src = ids.at(schema::to_string(edge.getSrc()));
    auto dst = ids.at(schema::to_string(edge.getDst()));
    list[k].setFirst(out ? src : dst);
    list[k].setType(edge.getType());
    list[k].setSecond(out ? dst : src);
    if (out) list[k].setProperties(edge.getProperties());
  }
}

/// Edge indices by entry kind.
struct Entries {
  std::vector<unsigned> out, in;
};

/// Tells the shards that recorded what others owed for this batch that
/// every shard committed. Fire and forget: a settle that is lost only means
/// the next start replays writes that are already there.
void settle(const Job& job, const std::vector<uint32_t>& shards) {
  auto message = wire::build<schema::ShardWrite>(
      [&](schema::ShardWrite::Builder write) { write.initSettle(1).set(0, job->batch_id); });
  for (auto shard : shards)
    if (auto actor = job->self->state.options.shards->actor(shard))
      job->self->request(actor, job->self->state.options.shard_timeout, write_atom::value, message)
          .then([](const wire::Envelope&) {}, [](const caf::error&) {});
}

/// Step 3: each edge's `out` entry at its source's shard and `in` entry at
/// its target's, one write per shard. A shard also records, in its outbox,
/// the entries the other shards owe for edges it shares with them, so a
/// crash between the shards' commits is repaired at the next start.
void write_edges(const Job& job) {
  const auto& map = *job->self->state.options.shards;
  std::vector<uint32_t> targets, recorders;
  std::vector<wire::Envelope> writes;
  uint32_t node_count = 0, edge_count = 0;
  auto planned = job->read([&](schema::ImportRequest::Reader request) -> Result<void> {
    node_count = request.getNodes().size();
    auto edges = request.getEdges();
    edge_count = edges.size();
    if (edges.size() == 0) return {};
    std::vector<Entries> own(map.size());
    std::vector<std::map<uint32_t, Entries>> owed(map.size());  // [recorder][debtor]
    for (unsigned i = 0; i < edges.size(); ++i) {
      auto a = map.shard_of_key(schema::view(edges[i].getSrc()));
      auto b = map.shard_of_key(schema::view(edges[i].getDst()));
      own[a].out.push_back(i);
      own[b].in.push_back(i);
      if (a == b) continue;
      owed[a][b].in.push_back(i);
      owed[b][a].out.push_back(i);
    }
    for (uint32_t shard = 0; shard < map.size(); ++shard) {
      if (own[shard].out.empty() && own[shard].in.empty()) continue;
      targets.push_back(shard);
      if (!owed[shard].empty()) recorders.push_back(shard);
      writes.push_back(wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder write) {
        write.setHeader(request.getHeader());
        auto size = [](const std::vector<unsigned>& v) { return static_cast<unsigned>(v.size()); };
        fill_entries(write.initOutEdges(size(own[shard].out)), edges, own[shard].out, true,
                     job->ids);
        fill_entries(write.initInEdges(size(own[shard].in)), edges, own[shard].in, false, job->ids);
        write.setBatchId(job->batch_id);
        auto list = write.initOwed(static_cast<unsigned>(owed[shard].size()));
        unsigned k = 0;
        for (const auto& [debtor, entries] : owed[shard]) {
          list[k].setShard(debtor);
          fill_entries(list[k].initOutEdges(size(entries.out)), edges, entries.out, true, job->ids);
          fill_entries(list[k].initInEdges(size(entries.in)), edges, entries.in, false, job->ids);
          ++k;
        }
      }));
    }
    return {};
  });
  if (!planned) return job->finish(planned.error());
  auto timeout = job->self->state.options.shard_timeout;
  scatter(
      map, targets,
      [&](const protocol::graph_shard_actor& shard, std::size_t i) {
        return job->self->request(shard, timeout, write_atom::value, writes[i]);
      },
      [job, node_count, edge_count, recorders](Result<Replies> replies) {
        if (!replies) return job->finish(replies.error());
        settle(job, recorders);
        job->finish(wire::build<schema::ImportResponse>([&](schema::ImportResponse::Builder out) {
          out.setNodes(node_count);
          out.setEdges(edge_count);
        }));
      });
}

}  // namespace

void import_graph(GatewaySelf self, Promise promise, const wire::Envelope& request) {
  auto job = std::make_shared<ImportJob>();
  job->self = self;
  job->promise = std::move(promise);
  job->request = request;
  job->batch_id = self->state.next_batch_id();
  write_nodes(job);
}

}  // namespace ds::actors
