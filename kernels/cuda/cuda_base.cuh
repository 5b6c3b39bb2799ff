#pragma once

// A base in device memory: rows in the spec's precision (fp32, or bf16 /
// fp16 bits), squared norms for l2, ids; the row of each id stays on the
// host, where filters are turned into row masks and edits into row copies.

#include <memory>
#include <vector>

#include "kernels/backend.hpp"
#include "kernels/cuda/cuda_device.cuh"
#include "kernels/id_rows.hpp"

namespace ds::kernels::cuda {

/// `values` as a base of `precision` keeps them on the device.
std::vector<uint8_t> stored_bytes(Precision precision, const std::vector<float>& values);

class CudaBase final : public VectorBase {
 public:
  static Result<std::unique_ptr<CudaBase>> upload(std::shared_ptr<CudaDevice> device,
                                                  const BaseSpec& spec, std::span<const float> rows,
                                                  std::span<const int64_t> ids);

  /// Backend::update's work (checked): room first (growing by half, so
  /// appends are amortised; nothing changes if the pool cannot give it),
  /// then the edit IdRows plans, as device copies.
  Result<void> update(std::span<const int64_t> removed, std::span<const float> rows,
                      std::span<const int64_t> ids);

  std::size_t size() const override { return size_; }
  const BaseSpec& spec() const override { return spec_; }
  uint64_t bytes() const override { return rows_.bytes() + norms_.bytes() + ids_.bytes(); }

  const CudaDevice& device() const { return *device_; }
  const void* rows() const { return rows_.data(); }
  const float* norms() const { return norms_.data(); }  ///< null unless l2
  const int64_t* ids() const { return ids_.data(); }
  /// 1 for the rows whose id `allowed` lists.
  std::vector<uint8_t> mask(const std::vector<int64_t>& allowed) const {
    return id_rows_.mask(allowed);
  }

 private:
  std::shared_ptr<CudaDevice> device_;  // first: the arrays below free into its pool
  BaseSpec spec_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;  ///< rows the arrays below have room for
  DeviceArray<uint8_t> rows_;
  DeviceArray<float> norms_;
  DeviceArray<int64_t> ids_;
  IdRows id_rows_;
};

}  // namespace ds::kernels::cuda
