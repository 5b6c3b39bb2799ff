#pragma once

// One write over several graph shards: the protocol that imports, writing
// queries and the repair all follow (docs/graph-sharding.md).
//   parts per shard -> one ShardWrite per shard with a part, each atomic
//   there -> in the edges step, each shard records in its outbox, under
//   the transaction's batch id, the entries the other shards owe for edges
//   they share -> a last step deletes what must go with what was deleted
//   (and edges a concurrent delete left with one side) -> the records are
//   settled.
// The steps' replies come back on the coordinating actor's thread; a step
// that fails ends the transaction: what the shards that committed wrote
// stays, with its outbox records, and the repair (outbox_repair.hpp) makes
// every edge whole or absent at the next start.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "actors/routing/shard_calls.hpp"
#include "actors/transaction/dangling_edges.hpp"
#include "actors/transaction/edge_writes.hpp"
#include "protocol/codec/edge_entries.hpp"
#include "protocol/wire/build.hpp"
#include "schema/graph.capnp.h"

namespace ds::actors {

class ShardTransaction : public std::enable_shared_from_this<ShardTransaction> {
 public:
  /// Called once when a step fails: the step's name and the first error.
  using Fail = std::function<void(const std::string& step, Error error)>;

  /// A transaction with a fresh batch id (random, non-zero: the records it
  /// names outlive the coordinator, so a restarted one must not reuse it).
  /// `stamp` writes the deadline and priority into every request.
  static std::shared_ptr<ShardTransaction> begin(ShardCalls calls, StampHeader stamp, Fail fail);

  uint64_t batch_id() const { return batch_id_; }
  const ShardMap& map() const { return calls_.map(); }

  /// One ShardWrite to each shard of `parts` (its header stamped, the rest
  /// filled by `fill(builder, shard, part)`); `next(replies)` with the
  /// replies in shard order once all committed.
  template <class Part, class Fill, class Next>
  void step(std::string name, const std::map<uint32_t, Part>& parts, Fill fill, Next next);

  /// What the shards answered to the edges step.
  struct EdgesWritten {
    /// Entries the last step deletes: the other shards' entries of the
    /// deleted nodes' edges, and the other side of each entry skipped
    /// because its node was gone.
    protocol::Owed follow_up;
    uint64_t detached = 0;  ///< edges that went with deleted nodes, as each shard counted
  };
  /// The edges step: each shard's entries and node deletes, with the
  /// records of what the others owe under this batch id. With
  /// `skip_missing` an entry whose node is gone is skipped, and its other
  /// side goes in the last step; without, it fails the step.
  void write_edges(std::string name, std::map<uint32_t, EdgePart> parts, bool skip_missing,
                   std::function<void(EdgesWritten)> next);

  /// The last step: reads the endpoints of `puts` (cross-shard edges put
  /// earlier) and deletes both sides of any with one gone, with
  /// `follow_up`'s entries; then settles this batch's records and calls
  /// `done`.
  void finish(std::string name, protocol::Owed follow_up, std::vector<storage::EdgeRef> puts,
              std::function<void()> done);

 private:
  ShardTransaction(ShardCalls calls, StampHeader stamp, Fail fail);
  /// Sends `writes` (one per target), then `next` with the replies.
  void send(const std::string& name, ShardOp op, std::vector<uint32_t> targets,
            std::vector<wire::Envelope> writes, std::function<void(Replies)> next);
  /// Fire and forget: a settle that is lost only means the next start
  /// replays writes that are already there.
  void settle() const;

  ShardCalls calls_;
  StampHeader stamp_;
  Fail fail_;
  uint64_t batch_id_;
  std::set<uint32_t> recorders_;  ///< shards that hold records of this batch
};

template <class Part, class Fill, class Next>
void ShardTransaction::step(std::string name, const std::map<uint32_t, Part>& parts, Fill fill,
                            Next next) {
  std::vector<uint32_t> targets;
  std::vector<wire::Envelope> writes;
  for (const auto& [shard, part] : parts) {
    targets.push_back(shard);
    writes.push_back(wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder out) {
      if (stamp_) stamp_(out.initHeader());
      fill(out, shard, part);
    }));
  }
  send(name, ShardOp::write, std::move(targets), std::move(writes), std::move(next));
}

/// Adds to `into` the other side of each entry `result` reports skipped
/// (ShardWriteResult.skippedOut/skippedIn: its node was gone), as a delete
/// at the shard that holds it: an edge whose node is gone goes entirely.
void add_other_sides(protocol::Owed& into, schema::ShardWriteResult::Reader result,
                     const ShardMap& map);

/// Deletes the entries `deletes` names at their shards, one write each;
/// `done` with the first error, if any.
void delete_entries(const ShardCalls& calls, const StampHeader& stamp,
                    const protocol::Owed& deletes, std::function<void(Result<void>)> done);

/// Drops the outbox records of `batches` (recording shard -> batch ids),
/// one write per shard; `done` (optional) with the first error, if any.
void settle_batches(const ShardCalls& calls, const std::map<uint32_t, std::set<uint64_t>>& batches,
                    std::function<void(Result<void>)> done = {});

}  // namespace ds::actors
