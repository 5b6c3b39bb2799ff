#pragma once

// The distinct entity and relation rows a training batch touches, in
// ascending order, each with the slot of its gradient sum: what both
// backends sum gradients into and Adagrad then updates.

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "kernels/embedding.hpp"

namespace ds::kernels {

struct RowSlots {
  std::vector<uint32_t> entities, relations;
  std::unordered_map<uint32_t, uint32_t> entity_slot, relation_slot;

  explicit RowSlots(const TrainBatch& batch) {
    for (const auto& p : batch.positives) {
      entities.push_back(p.head);
      entities.push_back(p.tail);
      relations.push_back(p.relation);
    }
    entities.insert(entities.end(), batch.negatives.begin(), batch.negatives.end());
    for (auto* rows : {&entities, &relations}) {
      std::sort(rows->begin(), rows->end());
      rows->erase(std::unique(rows->begin(), rows->end()), rows->end());
    }
    for (uint32_t i = 0; i < entities.size(); ++i)
      entity_slot[entities[i]] = i;
    for (uint32_t i = 0; i < relations.size(); ++i)
      relation_slot[relations[i]] = i;
  }

  /// What the slots take in host memory (the vectors and, roughly, the
  /// hash maps' nodes).
  uint64_t bytes() const { return (entities.size() + relations.size()) * (sizeof(uint32_t) + 32); }
};

}  // namespace ds::kernels
