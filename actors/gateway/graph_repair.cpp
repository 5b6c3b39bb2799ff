// (repair): replays the shards' outboxes. A batch whose edges span shards
// leaves, in each shard it touched, a record of what the other shards owe
// for it, dropped once every shard committed. Records still there after a
// crash are sent again to the shards that owe them (upserts and deletes:
// harmless when the writes did land; an entry whose node was deleted since
// takes the edge's other side with it; an edge put whose other endpoint is
// gone goes from both sides), then settled. The node runs this at start,
// before it reports ready. Design: docs/graph-sharding.md.

#include <map>
#include <set>

#include "actors/gateway/gateway_state.hpp"
#include "actors/graph_shard/dangling_edges.hpp"
#include "actors/graph_shard/query_writes.hpp"
#include "actors/graph_shard/scatter.hpp"
#include "protocol/wire/build.hpp"
#include "schema/gateway.capnp.h"
#include "schema/graph.capnp.h"

namespace ds::actors {
namespace {

struct RepairJob {
  GatewaySelf self;
  Promise promise;
  std::vector<uint32_t> debtors;                  // per owed write: the shard that owes it
  std::vector<wire::Envelope> owed;               // ShardWrites
  std::map<uint32_t, std::set<uint64_t>> settle;  // recording shard -> its batch ids
  std::vector<storage::EdgeRef> puts;             // the edges the owed writes put

  const GatewayOptions& options() const { return self->state.options; }
  void finish(Result<wire::Envelope> result) { deliver(promise, std::move(result)); }
};

using Job = std::shared_ptr<RepairJob>;

void settle_batches(const Job& job) {
  std::vector<uint32_t> shards;
  std::vector<wire::Envelope> writes;
  std::set<uint64_t> batches;
  for (const auto& [shard, ids] : job->settle) {
    shards.push_back(shard);
    batches.insert(ids.begin(), ids.end());
    writes.push_back(wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder write) {
      auto list = write.initSettle(static_cast<unsigned>(ids.size()));
      unsigned k = 0;
      for (auto id : ids)
        list.set(k++, id);
    }));
  }
  scatter(
      *job->options().shards, shards,
      [&](const protocol::graph_shard_actor& shard, std::size_t i) {
        return job->self->request(shard, job->options().shard_timeout, write_atom::value,
                                  writes[i]);
      },
      [job, batches = batches.size()](Result<Replies> replies) {
        if (!replies) return job->finish(replies.error());
        job->finish(wire::build<schema::RepairResponse>([&](schema::RepairResponse::Builder out) {
          out.setBatches(static_cast<uint32_t>(batches));
          out.setWrites(static_cast<uint32_t>(job->owed.size()));
        }));
      });
}

/// Deletes the entries `deletes` names at their shards, then `next`.
template <class Next>
void delete_entries(const Job& job, const Owed& deletes, Next next) {
  if (deletes.empty()) return next();
  std::vector<uint32_t> shards;
  std::vector<wire::Envelope> writes;
  for (const auto& [shard, entries] : deletes) {
    shards.push_back(shard);
    writes.push_back(delete_entries_write(entries));
  }
  scatter(
      *job->options().shards, shards,
      [&](const protocol::graph_shard_actor& shard, std::size_t i) {
        return job->self->request(shard, job->options().shard_timeout, write_atom::value,
                                  writes[i]);
      },
      [job, next = std::move(next)](Result<Replies> replies) {
        if (!replies) return job->finish(replies.error());
        next();
      });
}

/// Two records of one edge, a put and a delete (its source deleted by
/// another query), replay in batch-id order: the delete first leaves the
/// put's entry with no other side, though its own node is there. So once
/// every record is replayed, the endpoints of the edges put are read and an
/// edge with one gone goes from both sides.
void remove_dangling(const Job& job) {
  if (job->puts.empty()) return settle_batches(job);
  auto lookups =
      std::make_shared<EndpointLookups>(endpoint_lookups(job->puts, *job->options().shards));
  scatter(
      *job->options().shards, lookups->shards,
      [&](const protocol::graph_shard_actor& shard, std::size_t i) {
        return job->self->request(shard, job->options().shard_timeout, lookup_atom::value,
                                  lookups->messages[i]);
      },
      [job, lookups](Result<Replies> replies) {
        if (!replies) return job->finish(replies.error());
        Owed deletes;
        auto added =
            add_dangling_deletes(deletes, job->puts, *lookups, *replies, *job->options().shards);
        if (!added) return job->finish(added.error());
        delete_entries(job, deletes, [job] { settle_batches(job); });
      });
}

/// An owed entry whose node was deleted since is skipped by its shard: the
/// edge's other side goes too.
void remove_other_sides(const Job& job, const Replies& replies) {
  Owed deletes;
  for (const auto& reply : replies) {
    auto read = wire::read<schema::ShardWriteResult>(
        reply, [&](auto result) { add_other_sides(deletes, result, *job->options().shards); });
    if (!read) return job->finish(read.error());
  }
  delete_entries(job, deletes, [job] { remove_dangling(job); });
}

void replay(const Job& job) {
  scatter(
      *job->options().shards, job->debtors,
      [&](const protocol::graph_shard_actor& shard, std::size_t i) {
        return job->self->request(shard, job->options().shard_timeout, write_atom::value,
                                  job->owed[i]);
      },
      [job](Result<Replies> replies) {
        if (!replies) return job->finish(replies.error());
        remove_other_sides(job, *replies);
      });
}

}  // namespace

void repair_graph(GatewaySelf self, Promise promise) {
  auto job = std::make_shared<RepairJob>();
  job->self = self;
  job->promise = std::move(promise);
  std::vector<uint32_t> all(self->state.options.shards->size());
  for (uint32_t i = 0; i < all.size(); ++i)
    all[i] = i;
  scatter(
      *self->state.options.shards, all,
      [&](const protocol::graph_shard_actor& shard, std::size_t) {
        return self->request(shard, self->state.options.shard_timeout, outbox_atom::value);
      },
      [job](Result<Replies> replies) {
        if (!replies) return job->finish(replies.error());
        for (uint32_t shard = 0; shard < replies->size(); ++shard) {
          auto read = wire::read<schema::ShardOutbox>(
              (*replies)[shard], [&](schema::ShardOutbox::Reader outbox) {
                for (auto record : outbox.getRecords()) {
                  auto owed = record.getOwed();
                  job->settle[shard].insert(record.getBatchId());
                  job->debtors.push_back(owed.getShard());
                  for (auto entry : owed.getOutEdges())
                    job->puts.push_back({entry.getFirst(), entry.getType(), entry.getSecond()});
                  for (auto entry : owed.getInEdges())
                    job->puts.push_back({entry.getSecond(), entry.getType(), entry.getFirst()});
                  job->owed.push_back(
                      wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder write) {
                        write.setOutEdges(owed.getOutEdges());
                        write.setInEdges(owed.getInEdges());
                        write.setDeleteOutEdges(owed.getDeleteOutEdges());
                        write.setDeleteInEdges(owed.getDeleteInEdges());
                        write.setSkipMissing(true);
                      }));
                }
              });
          if (!read) return job->finish(read.error());
        }
        replay(job);
      });
}

}  // namespace ds::actors
