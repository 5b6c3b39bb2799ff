#pragma once

// Device memory from CUDA's stream-ordered allocator: the device's default
// cudaMemPool, told to keep what it reserved (release threshold: all), so
// a steady load allocates without the driver. Statistics come from the
// pool's own attributes.

#include <cstddef>
#include <string>
#include <utility>

#include <cuda_runtime.h>

#include "common/result.hpp"
#include "kernels/backend.hpp"

namespace ds::kernels::cuda {

class DevicePool {
 public:
  /// Takes the default pool of `ordinal` for allocations on `stream`.
  static Result<DevicePool> open(int ordinal, cudaStream_t stream);

  Result<void*> allocate(std::size_t bytes) const;
  void free(void* pointer) const;
  cudaStream_t stream() const { return stream_; }
  PoolStats stats() const;
  /// Restarts the high-water mark of memory in use (stats().peak_in_use_bytes).
  void reset_peak() const;

 private:
  cudaMemPool_t pool_ = nullptr;
  cudaStream_t stream_ = nullptr;
};

/// `count` values of T from a pool, freed (stream-ordered) with it.
template <class T>
class DeviceArray {
 public:
  DeviceArray() = default;
  /// An empty array (null data) for 0 values.
  static Result<DeviceArray> make(const DevicePool& pool, std::size_t count) {
    if (count == 0) return DeviceArray();
    auto memory = pool.allocate(count * sizeof(T));
    if (!memory) return std::move(memory).error();
    DeviceArray out;
    out.pool_ = &pool;
    out.data_ = static_cast<T*>(*memory);
    out.size_ = count;
    return Result<DeviceArray>(std::move(out));
  }
  DeviceArray(DeviceArray&& other) noexcept { *this = std::move(other); }
  DeviceArray& operator=(DeviceArray&& other) noexcept {
    std::swap(pool_, other.pool_);
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    return *this;
  }
  ~DeviceArray() {
    if (data_ != nullptr) pool_->free(data_);
  }

  T* data() const { return data_; }
  std::size_t size() const { return size_; }
  std::size_t bytes() const { return size_ * sizeof(T); }

 private:
  const DevicePool* pool_ = nullptr;
  T* data_ = nullptr;
  std::size_t size_ = 0;
};

/// `count` values copied from the host into a new array (stream-ordered:
/// `values` must stay put until the stream passed the copy).
template <class T>
Result<DeviceArray<T>> copy_to_device(const DevicePool& pool, const T* values, std::size_t count) {
  auto array = DeviceArray<T>::make(pool, count);
  if (!array) return std::move(array).error();
  if (count > 0) {
    auto copied = cudaMemcpyAsync(array->data(), values, count * sizeof(T), cudaMemcpyHostToDevice,
                                  pool.stream());
    if (copied != cudaSuccess)
      return make_error(errc::unavailable,
                        std::string("copy to the device: ") + cudaGetErrorString(copied));
  }
  return Result<DeviceArray<T>>(std::move(*array));
}

/// A zeroed array of `count` values.
template <class T>
Result<DeviceArray<T>> zeroed(const DevicePool& pool, std::size_t count) {
  auto array = DeviceArray<T>::make(pool, count);
  if (!array) return std::move(array).error();
  if (count > 0 &&
      cudaMemsetAsync(array->data(), 0, count * sizeof(T), pool.stream()) != cudaSuccess)
    return make_error(errc::unavailable, "zeroing device memory failed");
  return Result<DeviceArray<T>>(std::move(*array));
}

}  // namespace ds::kernels::cuda
