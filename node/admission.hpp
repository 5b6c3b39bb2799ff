#pragma once

// Admission of queries (POST /api/v1/infer): at most `max_queue` run at
// once, and a full queue answers 429 with Retry-After instead of letting
// latency grow without bound. Priorities share the queue unequally: low
// priority is admitted while less than half of it is used, normal while
// less than 7/8, high up to the whole, so a flood of low or normal work
// leaves room for high-priority queries. Thread-safe.

#include <array>
#include <atomic>
#include <memory>
#include <string_view>

#include "runtime/metrics/metrics.hpp"
#include "schema/common.capnp.h"

namespace ds::node {

class Admission : public std::enable_shared_from_this<Admission> {
 public:
  /// `metrics` may be null (tests); it must outlive every ticket.
  Admission(unsigned max_queue, runtime::Metrics* metrics);

  /// Held while an admitted query runs; the query leaves the queue when the
  /// last copy goes.
  using Ticket = std::shared_ptr<void>;

  /// A ticket, or null when the queue is full for `priority` (and the
  /// rejection is counted).
  Ticket admit(schema::Priority priority);

  /// The queries running now.
  unsigned depth() const { return total_.load(); }
  /// How many `priority` may have running at once, counting every priority.
  unsigned limit(schema::Priority priority) const;

 private:
  void leave(schema::Priority priority);

  unsigned max_queue_;
  runtime::Metrics* metrics_;
  std::atomic<unsigned> total_{0};
  std::array<std::atomic<int64_t>, 3> by_priority_{};  // indexed by schema::Priority
};

std::string_view to_string(schema::Priority priority);

}  // namespace ds::node
