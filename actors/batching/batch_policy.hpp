#pragma once

// When an actor runs the requests it has queued (dynamic batching, as
// Triton's dynamic batcher does it; the vector shards' searches, the compute
// units' kNN): compatible requests (one space or base, k and parameters)
// share a call of at most `max_batch_size` queries. A batch runs at the end of the mailbox once it holds `min_batch_size`
// queries, or once its first search has waited `max_queue_delay`; with no
// delay (the default) it runs at the end of the mailbox whatever its size,
// which under load already gathers everything that arrived meanwhile and
// when idle adds nothing. A high-priority search never waits.

#include <chrono>
#include <cstddef>
#include <functional>

namespace ds::actors {

struct BatchPolicy {
  std::size_t max_batch_size = 64;               ///< queries per call at most; 1: no batching
  std::size_t min_batch_size = 1;                ///< queued queries that run without waiting
  std::chrono::microseconds max_queue_delay{0};  ///< the longest a search waits for company
  /// Called with the queries of each call (the batch size histogram).
  std::function<void(std::size_t)> on_batch;
};

/// Whether the queue should run now (at the end of the mailbox) rather than
/// after the delay: `queued` queries wait, `urgent` when one is high priority.
inline bool run_now(const BatchPolicy& policy, std::size_t queued, bool urgent) {
  return urgent || policy.max_queue_delay.count() == 0 || queued >= policy.min_batch_size ||
         queued >= policy.max_batch_size;
}

}  // namespace ds::actors
