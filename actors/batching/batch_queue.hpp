#pragma once

// The queue of a batching actor (batch_policy.hpp): requests wait in it
// until a flush message the actor sends itself takes them all, at the end
// of the mailbox or after the policy's delay. A flush names the generation
// of the batch it ends, so a delayed flush of a batch that already ran
// (it filled up) takes nothing. Taken requests come by priority; those
// whose deadline passed while queued are answered with a timeout and not
// run. The vector shards and the compute units batch with it.
//
// An Item has `promise` (a typed_response_promise), `deadline` (unix
// micros, 0: none) and `rank` (0 high, 1 normal, 2 low).

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include <caf/timespan.hpp>

#include "actors/batching/batch_policy.hpp"
#include "common/result.hpp"
#include "protocol/caf_error.hpp"
#include "protocol/type_ids.hpp"
#include "protocol/wire/deadline.hpp"
#include "schema/common.capnp.h"

namespace ds::actors {

/// 0 high, 1 normal, 2 low: the order batches run in.
inline int rank_of(schema::Priority priority) {
  switch (priority) {
    case schema::Priority::HIGH:
      return 0;
    case schema::Priority::LOW:
      return 2;
    default:
      return 1;
  }
}

template <class Item>
class BatchQueue {
 public:
  explicit BatchQueue(BatchPolicy policy) : policy_(std::move(policy)) {}

  const BatchPolicy& policy() const { return policy_; }

  /// Queues `item` (`rows` queries) and has `self` send itself the flush
  /// the policy asks for, unless one is on its way.
  template <class Self>
  void push(Self self, Item item, std::size_t rows) {
    queued_rows_ += std::max<std::size_t>(1, rows);
    bool urgent = item.rank == 0;
    items_.push_back(std::move(item));
    if (run_now(policy_, queued_rows_, urgent)) {
      if (flush_pending_) return;
      flush_pending_ = true;
      self->send(self, flush_atom::value, generation_);
    } else if (!timer_pending_) {
      timer_pending_ = true;
      self->delayed_send(self, caf::timespan{policy_.max_queue_delay}, flush_atom::value,
                         generation_);
    }
  }

  /// The queued items for the flush of `generation` (none for a stale
  /// flush), by priority, without those whose deadline passed; `queued`
  /// gets how many were taken, the expired ones included.
  std::vector<Item> take(uint64_t generation, std::size_t& queued) {
    queued = 0;
    if (generation != generation_) return {};
    flush_pending_ = timer_pending_ = false;
    ++generation_;
    queued_rows_ = 0;
    auto out = std::exchange(items_, {});
    queued = out.size();
    auto now = wire::now_unix_micros();
    std::erase_if(out, [now](Item& item) {
      if (item.deadline == 0 || now <= item.deadline) return false;
      item.promise.deliver(protocol::to_caf(
          make_error(errc::timeout, "the request's deadline passed while it was queued")));
      return true;
    });
    std::stable_sort(out.begin(), out.end(),
                     [](const Item& a, const Item& b) { return a.rank < b.rank; });
    return out;
  }

 private:
  BatchPolicy policy_;
  std::vector<Item> items_;
  std::size_t queued_rows_ = 0;  // queries in items_
  uint64_t generation_ = 0;      // of the batch being gathered
  bool flush_pending_ = false;   // a flush is on its way: at once
  bool timer_pending_ = false;   // or after the policy's delay
};

/// `items` in groups that may share a call, in their order: the items of
/// one key together; an item whose key is nullopt alone.
template <class Item, class KeyOf>
std::vector<std::vector<Item*>> group_compatible(std::vector<Item>& items, KeyOf key_of) {
  using Key = typename std::invoke_result_t<KeyOf, const Item&>::value_type;
  std::map<Key, std::size_t> index;
  std::vector<std::vector<Item*>> groups;
  for (auto& item : items) {
    auto key = key_of(item);
    if (!key) {
      groups.push_back({&item});
      continue;
    }
    auto [at, added] = index.emplace(std::move(*key), groups.size());
    if (added) groups.emplace_back();
    groups[at->second].push_back(&item);
  }
  return groups;
}

/// Answers `items` (requests whose queries made one call, in order) from
/// the call's `found`: each its rows (encode(result, first, count)), or
/// the call's error.
template <class Item, class Found, class Encode>
void deliver_rows(std::span<Item*> items, const Found& found, std::size_t dim, Encode encode) {
  std::size_t first = 0;
  for (auto* item : items) {
    auto count = item->queries.size() / dim;
    if (!found)
      item->promise.deliver(protocol::to_caf(found.error()));
    else
      item->promise.deliver(encode(*found, first, count));
    first += count;
  }
}

/// Answers `group` (compatible requests, each with `queries`: rows of
/// `dim` floats, and a `promise`) with calls of at most `max_batch_size`
/// queries (a request is never split): `call(queries, rows)` makes one and
/// returns a Result; `encode(result, first, count)` turns its rows
/// [first, first + count) into one request's reply envelope. A failed call
/// answers each of its requests with the error.
template <class Item, class Call, class Encode>
void answer_in_calls(std::vector<Item*>& group, std::size_t dim, std::size_t max_batch_size,
                     Call call, Encode encode) {
  std::size_t start = 0;
  while (start < group.size()) {
    std::vector<float> queries;
    std::size_t end = start, rows = 0;
    while (end < group.size() &&
           (end == start || rows + group[end]->queries.size() / dim <= max_batch_size)) {
      rows += group[end]->queries.size() / dim;
      queries.insert(queries.end(), group[end]->queries.begin(), group[end]->queries.end());
      ++end;
    }
    deliver_rows(std::span(group).subspan(start, end - start), call(queries, rows), dim, encode);
    start = end;
  }
}

}  // namespace ds::actors
