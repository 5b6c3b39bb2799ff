#pragma once

// Embedding tables in device memory (fp32), with the row-wise Adagrad
// state, from the device's pool, and fp16 tables' loss scale.

#include <memory>

#include "kernels/cuda/cuda_device.cuh"
#include "kernels/embedding.hpp"
#include "kernels/mixed_precision.hpp"

namespace ds::kernels::cuda {

class CudaTables final : public EmbeddingTables {
 public:
  static Result<std::unique_ptr<CudaTables>> upload(std::shared_ptr<CudaDevice> device,
                                                    const EmbeddingSpec& spec,
                                                    std::span<const float> entities,
                                                    std::span<const float> relations);

  const EmbeddingSpec& spec() const override { return spec_; }
  uint64_t bytes() const override {
    return entities_.bytes() + relations_.bytes() + entity_state_.bytes() + relation_state_.bytes();
  }

  const CudaDevice& device() const { return *device_; }
  float* entities() const { return entities_.data(); }
  float* relations() const { return relations_.data(); }
  float* entity_state() const { return entity_state_.data(); }
  float* relation_state() const { return relation_state_.data(); }
  /// fp16 tables' loss scale: training state, like Adagrad's (which the
  /// device arrays above let a step change through a const handle too).
  LossScale& loss_scale() const { return loss_scale_; }

 private:
  std::shared_ptr<CudaDevice> device_;  // first: the arrays free into its pool
  EmbeddingSpec spec_;
  DeviceArray<float> entities_, relations_, entity_state_, relation_state_;
  mutable LossScale loss_scale_;
};

}  // namespace ds::kernels::cuda
