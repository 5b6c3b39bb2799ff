#pragma once

// One device as the backend uses it: its ordinal, a stream, a cuBLAS
// handle on that stream and the memory pool. Shared (shared_ptr) by the
// backend and the bases it made, which may outlive it.

#include <memory>

#include <cublas_v2.h>
#include <cuda_runtime.h>

#include "kernels/backend.hpp"
#include "kernels/cuda/device_pool.cuh"

namespace ds::kernels::cuda {

class CudaDevice {
 public:
  static Result<std::shared_ptr<CudaDevice>> open(int ordinal);
  ~CudaDevice();
  CudaDevice(const CudaDevice&) = delete;
  CudaDevice& operator=(const CudaDevice&) = delete;

  /// Makes this device current on the calling thread (actors move between
  /// threads, and the current device is per thread).
  Result<void> use() const;

  const DeviceInfo& info() const { return info_; }
  cudaStream_t stream() const { return stream_; }
  cublasHandle_t blas() const { return blas_; }
  const DevicePool& pool() const { return pool_; }

 private:
  CudaDevice() = default;

  DeviceInfo info_;
  cudaStream_t stream_ = nullptr;
  cublasHandle_t blas_ = nullptr;
  DevicePool pool_;
};

}  // namespace ds::kernels::cuda
