#include "actors/transaction/shard_transaction.hpp"

#include <random>

#include "protocol/wire/read.hpp"
#include "schema/text.hpp"

namespace ds::actors {
namespace {

using protocol::EdgeEntryData;
using protocol::Owed;

/// A random, non-zero batch id, from the system's source (no thread_local
/// engine, whose static TLS every thread's stack would pay for).
uint64_t fresh_batch_id() {
  std::random_device random;
  uint64_t id = 0;
  while (id == 0)
    id = (uint64_t{random()} << 32) | random();
  return id;
}

unsigned size_of(const std::vector<EdgeEntryData>& entries) {
  return static_cast<unsigned>(entries.size());
}

void fill_edge_part(schema::ShardWrite::Builder out, const EdgePart& part) {
  protocol::fill_entries(out.initOutEdges(size_of(part.put_out)), part.put_out);
  protocol::fill_entries(out.initInEdges(size_of(part.put_in)), part.put_in);
  protocol::fill_entries(out.initDeleteOutEdges(size_of(part.delete_out)), part.delete_out);
  protocol::fill_entries(out.initDeleteInEdges(size_of(part.delete_in)), part.delete_in);
  auto deletes = out.initDeleteNodes(static_cast<unsigned>(part.delete_nodes.size()));
  for (unsigned i = 0; i < part.delete_nodes.size(); ++i)
    deletes.set(i, part.delete_nodes[i]);
  auto owed = out.initOwed(static_cast<unsigned>(part.owed.size()));
  unsigned k = 0;
  for (const auto& [debtor, edges] : part.owed)
    protocol::fill_owed(owed[k++], debtor, edges);
}

}  // namespace

std::shared_ptr<ShardTransaction> ShardTransaction::begin(ShardCalls calls, StampHeader stamp,
                                                          Fail fail) {
  return std::shared_ptr<ShardTransaction>(
      new ShardTransaction(std::move(calls), std::move(stamp), std::move(fail)));
}

ShardTransaction::ShardTransaction(ShardCalls calls, StampHeader stamp, Fail fail)
    : calls_(std::move(calls)),
      stamp_(std::move(stamp)),
      fail_(std::move(fail)),
      batch_id_(fresh_batch_id()) {}

void ShardTransaction::send(const std::string& name, ShardOp op, std::vector<uint32_t> targets,
                            std::vector<wire::Envelope> writes, std::function<void(Replies)> next) {
  calls_.scatter(
      op, targets, std::move(writes),
      [self = shared_from_this(), name, next = std::move(next)](Result<Replies> replies) {
        if (!replies) return self->fail_(name, std::move(replies).error());
        next(std::move(replies).value());
      });
}

void ShardTransaction::write_edges(std::string name, std::map<uint32_t, EdgePart> parts,
                                   bool skip_missing, std::function<void(EdgesWritten)> next) {
  std::vector<uint32_t> shards;
  for (const auto& [shard, part] : parts) {
    shards.push_back(shard);
    if (!part.owed.empty()) recorders_.insert(shard);
  }
  auto batch = batch_id_;
  step(
      name, parts,
      [batch, skip_missing](schema::ShardWrite::Builder out, uint32_t, const EdgePart& part) {
        out.setBatchId(batch);
        out.setSkipMissing(skip_missing);
        fill_edge_part(out, part);
      },
      [self = shared_from_this(), name, shards, next = std::move(next)](Replies replies) {
        EdgesWritten written;
        for (std::size_t i = 0; i < replies.size(); ++i) {
          auto read = wire::read<schema::ShardWriteResult>(
              replies[i], [&](schema::ShardWriteResult::Reader result) {
                written.detached += result.getDetachedEdges();
                // A shard that deleted nodes recorded their other entries too.
                if (result.getOwed().size() > 0) self->recorders_.insert(shards[i]);
                protocol::add_owed(written.follow_up, result.getOwed());
                add_other_sides(written.follow_up, result, self->map());
              });
          if (!read) return self->fail_(name, read.error());
        }
        next(std::move(written));
      });
}

void ShardTransaction::finish(std::string name, Owed follow_up, std::vector<storage::EdgeRef> puts,
                              std::function<void()> done) {
  auto self = shared_from_this();
  auto delete_and_settle = [self, name, done](Owed deletes) {
    delete_entries(self->calls_, self->stamp_, deletes, [self, name, done](Result<void> deleted) {
      if (!deleted) return self->fail_(name, deleted.error());
      self->settle();
      done();
    });
  };
  if (puts.empty()) return delete_and_settle(std::move(follow_up));
  auto lookups = std::make_shared<EndpointLookups>(endpoint_lookups(puts, map(), stamp_));
  auto shards = lookups->shards;
  send(name, ShardOp::lookup, std::move(shards), lookups->messages,
       [self, name, lookups, puts = std::move(puts), follow_up = std::move(follow_up),
        delete_and_settle](Replies replies) mutable {
         auto added = add_dangling_deletes(follow_up, puts, *lookups, replies, self->map());
         if (!added) return self->fail_(name, added.error());
         delete_and_settle(std::move(follow_up));
       });
}

void ShardTransaction::settle() const {
  std::map<uint32_t, std::set<uint64_t>> batches;
  for (auto shard : recorders_)
    batches[shard].insert(batch_id_);
  settle_batches(calls_, batches);
}

void add_other_sides(Owed& into, schema::ShardWriteResult::Reader result, const ShardMap& map) {
  for (auto entry : result.getSkippedOut())  // first -> second: the `in` entry at second
    into[map.shard_of_id(entry.getSecond())].delete_in.push_back(
        EdgeEntryData{entry.getSecond(), schema::to_string(entry.getType()), entry.getFirst(), {}});
  for (auto entry : result.getSkippedIn())  // second -> first: the `out` entry at second
    into[map.shard_of_id(entry.getSecond())].delete_out.push_back(
        EdgeEntryData{entry.getSecond(), schema::to_string(entry.getType()), entry.getFirst(), {}});
}

void delete_entries(const ShardCalls& calls, const StampHeader& stamp, const Owed& deletes,
                    std::function<void(Result<void>)> done) {
  std::vector<uint32_t> shards;
  std::vector<wire::Envelope> writes;
  for (const auto& [shard, entries] : deletes) {
    if (entries.delete_out.empty() && entries.delete_in.empty()) continue;
    shards.push_back(shard);
    writes.push_back(wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder out) {
      if (stamp) stamp(out.initHeader());
      protocol::fill_entries(out.initDeleteOutEdges(size_of(entries.delete_out)),
                             entries.delete_out);
      protocol::fill_entries(out.initDeleteInEdges(size_of(entries.delete_in)), entries.delete_in);
    }));
  }
  calls.scatter(ShardOp::write, shards, std::move(writes),
                [done = std::move(done)](Result<Replies> replies) {
                  if (!replies) return done(std::move(replies).error());
                  done({});
                });
}

void settle_batches(const ShardCalls& calls, const std::map<uint32_t, std::set<uint64_t>>& batches,
                    std::function<void(Result<void>)> done) {
  std::vector<uint32_t> shards;
  std::vector<wire::Envelope> writes;
  for (const auto& [shard, ids] : batches) {
    shards.push_back(shard);
    writes.push_back(wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder write) {
      auto list = write.initSettle(static_cast<unsigned>(ids.size()));
      unsigned k = 0;
      for (auto id : ids)
        list.set(k++, id);
    }));
  }
  if (!done) {
    for (std::size_t i = 0; i < shards.size(); ++i)
      calls.tell(shards[i], std::move(writes[i]));
    return;
  }
  calls.scatter(ShardOp::write, shards, std::move(writes),
                [done = std::move(done)](Result<Replies> replies) {
                  if (!replies) return done(std::move(replies).error());
                  done({});
                });
}

}  // namespace ds::actors
