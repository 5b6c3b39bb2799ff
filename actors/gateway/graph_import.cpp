// (import, ImportRequest): an import batch over every shard it touches, as a
// cross-shard transaction (actors/transaction/shard_transaction.hpp):
// 0. validate the whole batch (nothing is written if any item is bad);
// 1. nodes: per shard, one write: its node upserts plus "ensure" for the
//    edge endpoints it owns (bare nodes for keys without a record), which
//    yields the ids of every endpoint;
// 2. edges: per shard, one write: the `out` entries of edges whose source it
//    owns and the `in` entries of edges whose target it owns, with the
//    outbox records of the ones that span shards.
// Acknowledged when every write of step 2 committed. Design and the crash
// window between the two sides of an edge: docs/graph-sharding.md.

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/gateway/gateway_state.hpp"
#include "actors/transaction/edge_writes.hpp"
#include "actors/transaction/shard_transaction.hpp"
#include "common/utf8.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/deadline.hpp"
#include "schema/gateway.capnp.h"
#include "schema/graph.capnp.h"
#include "schema/text.hpp"
#include "schema/value_codec.hpp"
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
  Promise promise;
  wire::Envelope request;
  wire::ReadLimits limits;
  std::shared_ptr<ShardTransaction> transaction;
  std::unordered_map<std::string, uint64_t> ids;  // endpoint key -> id

  /// Answers the request and lets go of the transaction: its failure
  /// callback holds this job, a cycle until the job ends.
  void finish(Result<wire::Envelope> result) {
    deliver(promise, std::move(result));
    transaction.reset();
  }

  template <class Read>
  auto read(Read&& visit) {
    return wire::read<schema::ImportRequest>(request, std::forward<Read>(visit), limits);
  }
};

using ImportJobPtr = std::shared_ptr<ImportJob>;

/// A shard's part of the nodes step: its node upserts (indices into the
/// request) and the edge endpoints it ensures (bare nodes for keys without
/// a record), whose ids the edges step needs.
struct NodesPart {
  std::vector<unsigned> nodes;
  std::vector<std::string> ensure;
};

void write_edges(const ImportJobPtr& job);

/// Step 1: nodes and endpoint ensures, one write per shard.
void write_nodes(const ImportJobPtr& job) {
  auto planned = job->read([&](schema::ImportRequest::Reader request) -> Result<void> {
    if (auto ok = validate(request); !ok) return ok;
    if (auto ok = wire::check_deadline(request.getHeader()); !ok) return ok;
    const auto& map = job->transaction->map();
    std::map<uint32_t, NodesPart> parts;
    // Each get of a list charges its whole size to the traversal limit: once.
    auto upserts = request.getNodes();
    for (unsigned i = 0; i < upserts.size(); ++i)
      parts[map.shard_of_key(schema::view(upserts[i].getKey()))].nodes.push_back(i);
    for (auto edge : request.getEdges())
      for (auto key : {schema::to_string(edge.getSrc()), schema::to_string(edge.getDst())})
        if (job->ids.emplace(key, 0).second) parts[map.shard_of_key(key)].ensure.push_back(key);
    std::vector<std::vector<std::string>> ensured;  // per part, in shard order
    for (const auto& [shard, part] : parts)
      ensured.push_back(part.ensure);
    job->transaction->step(
        "nodes", parts,
        [&](schema::ShardWrite::Builder out, uint32_t, const NodesPart& part) {
          auto list = out.initNodes(static_cast<unsigned>(part.nodes.size()));
          for (unsigned k = 0; k < part.nodes.size(); ++k)
            list.setWithCaveats(k, upserts[part.nodes[k]]);
          auto keys = out.initEnsureKeys(static_cast<unsigned>(part.ensure.size()));
          for (unsigned k = 0; k < part.ensure.size(); ++k)
            keys.set(k, part.ensure[k]);
        },
        [job, ensured = std::move(ensured)](Replies replies) {
          for (std::size_t s = 0; s < replies.size(); ++s) {
            auto read = wire::read<schema::ShardWriteResult>(
                replies[s], [&](schema::ShardWriteResult::Reader result) -> Result<void> {
                  auto ids = result.getEnsuredIds();
                  if (ids.size() != ensured[s].size())
                    return make_error(errc::internal, "a shard answered the wrong number of ids");
                  for (unsigned k = 0; k < ids.size(); ++k)
                    job->ids[ensured[s][k]] = ids[k];
                  return {};
                });
            if (!read) return job->finish(read.error());
          }
          write_edges(job);
        });
    return {};
  });
  if (!planned) job->finish(planned.error());
}

/// Step 2: each edge's `out` entry at its source's shard and `in` entry at
/// its target's, with the outbox records of the ones that span shards;
/// acknowledged once every shard committed, then settled.
void write_edges(const ImportJobPtr& job) {
  EdgeWrites edges(job->transaction->map());
  uint32_t node_count = 0, edge_count = 0;
  auto planned = job->read([&](schema::ImportRequest::Reader request) {
    node_count = request.getNodes().size();
    auto list = request.getEdges();
    edge_count = list.size();
    for (auto edge : list)
      edges.put(job->ids.at(schema::to_string(edge.getSrc())), schema::to_string(edge.getType()),
                job->ids.at(schema::to_string(edge.getDst())),
                schema::read_properties(edge.getProperties()));
  });
  if (!planned) return job->finish(planned.error());
  auto transaction = job->transaction;
  transaction->write_edges(
      "edges", edges.take_parts(), false,
      [job, transaction, node_count, edge_count](ShardTransaction::EdgesWritten) {
        transaction->finish("settle", {}, {}, [job, node_count, edge_count] {
          job->finish(wire::build<schema::ImportResponse>([&](schema::ImportResponse::Builder out) {
            out.setNodes(node_count);
            out.setEdges(edge_count);
          }));
        });
      });
}

}  // namespace

void import_graph(GatewaySelf self, Promise promise, const wire::Envelope& request) {
  auto job = std::make_shared<ImportJob>();
  job->promise = std::move(promise);
  job->request = request;
  job->limits = self->state.options.limits;
  // Every write carries the request's header (id, deadline, priority).
  auto copied = job->read([&](schema::ImportRequest::Reader r) {
    return std::tuple{r.getHeader().getRequestId(), r.getHeader().getDeadlineUnixMicros(),
                      r.getHeader().getPriority()};
  });
  if (!copied) return job->finish(copied.error());
  auto [id, deadline, priority] = *copied;
  job->transaction = ShardTransaction::begin(
      shard_calls(self),
      [id, deadline, priority](schema::RequestHeader::Builder out) {
        out.setRequestId(id);
        out.setDeadlineUnixMicros(deadline);
        out.setPriority(priority);
      },
      [job](const std::string&, Error error) { job->finish(std::move(error)); });
  write_nodes(job);
}

}  // namespace ds::actors
