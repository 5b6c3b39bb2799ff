#pragma once

// Which shard owns which hash slots: shard i of n owns the contiguous range
// [i * kSlotCount / n, (i + 1) * kSlotCount / n). Contiguous ranges move
// between nodes as units when a cluster rebalances.

#include <cstdint>

#include "storage/graph/graph_keys.hpp"

namespace ds::storage {

struct SlotRange {
  uint32_t begin = 0;
  uint32_t end = kSlotCount;  ///< exclusive
  constexpr bool contains(uint32_t slot) const { return slot >= begin && slot < end; }
};

constexpr SlotRange slots_of_shard(uint32_t shard, uint32_t shards) {
  return {static_cast<uint32_t>(uint64_t{shard} * kSlotCount / shards),
          static_cast<uint32_t>(uint64_t{shard + 1} * kSlotCount / shards)};
}

/// The inverse of slots_of_shard: the largest i with begin(i) <= slot, which
/// is floor(((slot + 1) * shards - 1) / kSlotCount).
constexpr uint32_t shard_of_slot(uint32_t slot, uint32_t shards) {
  return static_cast<uint32_t>(((uint64_t{slot} + 1) * shards - 1) / kSlotCount);
}

}  // namespace ds::storage
