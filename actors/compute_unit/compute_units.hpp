#pragma once

// The compute units of one process as the vector shards find them: one per
// GPU, then the CPU unit. The function that (re)starts a unit publishes its
// handle here; a shard reads it per request. Thread-safe.

#include <cstdint>
#include <mutex>
#include <vector>

#include "actors/compute_unit/compute_unit.hpp"

namespace ds::actors {

class ComputeUnits {
 public:
  /// Slots for `gpus` GPU units, then the CPU unit's.
  explicit ComputeUnits(std::size_t gpus) : gpus_(gpus), units_(gpus + 1) {}

  std::size_t gpus() const { return gpus_; }
  std::size_t cpu_slot() const { return gpus_; }

  void publish(std::size_t slot, protocol::compute_unit_actor unit) {
    std::lock_guard lock(mutex_);
    units_.at(slot) = std::move(unit);
  }

  /// The unit that holds shard `shard`'s bases: GPU shard % gpus, or the
  /// CPU unit on a node without GPUs. Invalid while it (re)starts.
  protocol::compute_unit_actor unit_for(uint32_t shard) const {
    std::lock_guard lock(mutex_);
    return units_[gpus_ == 0 ? gpus_ : shard % gpus_];
  }

  protocol::compute_unit_actor unit(std::size_t slot) const {
    std::lock_guard lock(mutex_);
    return units_.at(slot);
  }

 private:
  std::size_t gpus_;
  mutable std::mutex mutex_;
  std::vector<protocol::compute_unit_actor> units_;
};

}  // namespace ds::actors
