#pragma once

// Embedding tables in host memory, with the row-wise Adagrad state (one
// float per row, as DGL-KE keeps it) and, for fp16 tables, the loss scale.

#include <vector>

#include "kernels/embedding.hpp"
#include "kernels/mixed_precision.hpp"

namespace ds::kernels::cpu {

class CpuTables final : public EmbeddingTables {
 public:
  CpuTables(const EmbeddingSpec& spec, std::span<const float> entities,
            std::span<const float> relations)
      : spec_(spec),
        entities_(entities.begin(), entities.end()),
        relations_(relations.begin(), relations.end()),
        entity_state_(spec.entities, 0.0f),
        relation_state_(spec.relations, 0.0f) {}

  const EmbeddingSpec& spec() const override { return spec_; }
  uint64_t bytes() const override {
    return (entities_.size() + relations_.size() + entity_state_.size() + relation_state_.size()) *
           sizeof(float);
  }

  const float* entity(uint32_t row) const {
    return entities_.data() + std::size_t{row} * spec_.dim;
  }
  const float* relation(uint32_t row) const {
    return relations_.data() + std::size_t{row} * spec_.relation_dim();
  }
  std::vector<float>& entities() { return entities_; }
  std::vector<float>& relations() { return relations_; }
  const std::vector<float>& entities() const { return entities_; }
  const std::vector<float>& relations() const { return relations_; }
  std::vector<float>& entity_state() { return entity_state_; }
  std::vector<float>& relation_state() { return relation_state_; }
  LossScale& loss_scale() { return loss_scale_; }
  const LossScale& loss_scale() const { return loss_scale_; }

 private:
  EmbeddingSpec spec_;
  std::vector<float> entities_, relations_;
  std::vector<float> entity_state_, relation_state_;
  LossScale loss_scale_;  ///< fp16 tables' (mixed_precision.hpp)
};

}  // namespace ds::kernels::cpu
