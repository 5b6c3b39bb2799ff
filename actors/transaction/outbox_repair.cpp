#include "actors/transaction/outbox_repair.hpp"

#include <map>
#include <memory>
#include <set>
#include <vector>

#include "actors/transaction/dangling_edges.hpp"
#include "actors/transaction/shard_transaction.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/read.hpp"
#include "schema/graph.capnp.h"

namespace ds::actors {
namespace {

struct Repair {
  ShardCalls calls;
  std::function<void(Result<RepairCounts>)> done;
  std::vector<uint32_t> debtors;                  // per owed write: the shard that owes it
  std::vector<wire::Envelope> owed;               // ShardWrites
  std::map<uint32_t, std::set<uint64_t>> settle;  // recording shard -> its batch ids
  std::vector<storage::EdgeRef> puts;             // the edges the owed writes put
};

using Job = std::shared_ptr<Repair>;

void settle(const Job& job) {
  settle_batches(job->calls, job->settle, [job](Result<void> settled) {
    if (!settled) return job->done(settled.error());
    std::set<uint64_t> batches;
    for (const auto& [shard, ids] : job->settle)
      batches.insert(ids.begin(), ids.end());
    job->done(RepairCounts{static_cast<uint32_t>(batches.size()),
                           static_cast<uint32_t>(job->owed.size())});
  });
}

/// Two records of one edge, a put and a delete (its source deleted by
/// another query), replay in batch-id order: the delete first leaves the
/// put's entry with no other side, though its own node is there. So once
/// every record is replayed, the endpoints of the edges put are read and an
/// edge with one gone goes from both sides.
void remove_dangling(const Job& job) {
  if (job->puts.empty()) return settle(job);
  auto lookups = std::make_shared<EndpointLookups>(endpoint_lookups(job->puts, job->calls.map()));
  job->calls.scatter(
      ShardOp::lookup, lookups->shards, lookups->messages, [job, lookups](Result<Replies> replies) {
        if (!replies) return job->done(replies.error());
        protocol::Owed deletes;
        auto added = add_dangling_deletes(deletes, job->puts, *lookups, *replies, job->calls.map());
        if (!added) return job->done(added.error());
        delete_entries(job->calls, {}, deletes, [job](Result<void> deleted) {
          if (!deleted) return job->done(deleted.error());
          settle(job);
        });
      });
}

void replay(const Job& job) {
  job->calls.scatter(ShardOp::write, job->debtors, job->owed, [job](Result<Replies> replies) {
    if (!replies) return job->done(replies.error());
    protocol::Owed deletes;
    for (const auto& reply : *replies) {
      auto read = wire::read<schema::ShardWriteResult>(
          reply, [&](auto result) { add_other_sides(deletes, result, job->calls.map()); });
      if (!read) return job->done(read.error());
    }
    delete_entries(job->calls, {}, deletes, [job](Result<void> deleted) {
      if (!deleted) return job->done(deleted.error());
      remove_dangling(job);
    });
  });
}

/// The owed write of `record`, to its debtor: entries whose node is gone
/// are skipped (and their other side deleted), not an error.
wire::Envelope owed_write(schema::OwedWrite::Reader owed) {
  return wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder write) {
    write.setOutEdges(owed.getOutEdges());
    write.setInEdges(owed.getInEdges());
    write.setDeleteOutEdges(owed.getDeleteOutEdges());
    write.setDeleteInEdges(owed.getDeleteInEdges());
    write.setSkipMissing(true);
  });
}

}  // namespace

void repair_outboxes(ShardCalls calls, std::function<void(Result<RepairCounts>)> done) {
  auto job = std::make_shared<Repair>(Repair{std::move(calls), std::move(done)});
  std::vector<uint32_t> all(job->calls.map().size());
  for (uint32_t i = 0; i < all.size(); ++i)
    all[i] = i;
  job->calls.scatter(
      ShardOp::outbox, all, std::vector<wire::Envelope>(all.size()),
      [job](Result<Replies> replies) {
        if (!replies) return job->done(replies.error());
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
                  job->owed.push_back(owed_write(owed));
                }
              });
          if (!read) return job->done(read.error());
        }
        replay(job);
      });
}

}  // namespace ds::actors
