#include "kernels/cuda/device_pool.cuh"

#include <cstdint>

#include "kernels/cuda/cuda_check.cuh"

namespace ds::kernels::cuda {

Result<DevicePool> DevicePool::open(int ordinal, cudaStream_t stream) {
  DevicePool out;
  DS_CUDA_TRY(cudaDeviceGetDefaultMemPool(&out.pool_, ordinal));
  uint64_t keep_all = UINT64_MAX;
  DS_CUDA_TRY(cudaMemPoolSetAttribute(out.pool_, cudaMemPoolAttrReleaseThreshold, &keep_all));
  out.stream_ = stream;
  return out;
}

Result<void*> DevicePool::allocate(std::size_t bytes) const {
  void* pointer = nullptr;
  DS_CUDA_TRY(cudaMallocFromPoolAsync(&pointer, bytes, pool_, stream_));
  return pointer;
}

void DevicePool::free(void* pointer) const { cudaFreeAsync(pointer, stream_); }

void DevicePool::reset_peak() const {
  uint64_t zero = 0;
  cudaMemPoolSetAttribute(pool_, cudaMemPoolAttrUsedMemHigh, &zero);
}

PoolStats DevicePool::stats() const {
  PoolStats out;
  cudaMemPoolGetAttribute(pool_, cudaMemPoolAttrReservedMemCurrent, &out.reserved_bytes);
  cudaMemPoolGetAttribute(pool_, cudaMemPoolAttrUsedMemCurrent, &out.in_use_bytes);
  cudaMemPoolGetAttribute(pool_, cudaMemPoolAttrUsedMemHigh, &out.peak_in_use_bytes);
  return out;
}

}  // namespace ds::kernels::cuda
