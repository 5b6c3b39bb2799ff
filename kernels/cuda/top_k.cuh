#pragma once

// Block-wide top-k by radix selection: four 8-bit passes over the keys
// find the k-th smallest, one more pass gathers the k; then a bitonic sort
// orders them. An entry is a 64-bit (key, row): keys are scores mapped to
// unsigned integers that order as the floats do, so sorting entries orders
// by score, ties by row (as the CPU backend does).

#include <cstdint>

namespace ds::kernels::cuda {

/// The key of a masked or missing row: after every real score (+inf too).
constexpr uint32_t kWorstKey = 0xffffffffu;
constexpr uint32_t kNoRow = 0xffffffffu;
constexpr uint64_t kWorstEntry = ~uint64_t{0};

__device__ inline uint32_t order_key(float score) {
  uint32_t bits = __float_as_uint(score);
  return (bits & 0x80000000u) ? ~bits : bits | 0x80000000u;
}

__device__ inline float key_score(uint32_t key) {
  return __uint_as_float((key & 0x80000000u) ? key & 0x7fffffffu : ~key);
}

__device__ inline uint64_t pack(uint32_t key, uint32_t row) { return (uint64_t{key} << 32) | row; }

/// Selects the k smallest of `m` keys that `load` gives (load.key(i),
/// load.row(i)) into `selected` (shared memory, k entries, unordered).
/// Every thread of the block calls it.
template <class Load>
__device__ void select_k(const Load& load, unsigned m, unsigned k, uint64_t* selected) {
  __shared__ unsigned histogram[256];
  __shared__ uint32_t prefix, prefix_mask;
  __shared__ unsigned remaining, less_count, equal_count;
  if (m <= k) {
    for (unsigned i = threadIdx.x; i < k; i += blockDim.x)
      selected[i] = i < m ? pack(load.key(i), load.row(i)) : kWorstEntry;
    __syncthreads();
    return;
  }
  if (threadIdx.x == 0) {
    prefix = 0;
    prefix_mask = 0;
    remaining = k;
  }
  for (int shift = 24; shift >= 0; shift -= 8) {
    for (unsigned b = threadIdx.x; b < 256; b += blockDim.x)
      histogram[b] = 0;
    __syncthreads();
    for (unsigned i = threadIdx.x; i < m; i += blockDim.x) {
      uint32_t key = load.key(i);
      if ((key & prefix_mask) == prefix) atomicAdd(&histogram[(key >> shift) & 255u], 1u);
    }
    __syncthreads();
    if (threadIdx.x == 0) {
      // The digit where the count of smaller keys reaches `remaining`.
      unsigned before = 0, digit = 0;
      while (before + histogram[digit] < remaining)
        before += histogram[digit++];
      remaining -= before;
      prefix |= digit << shift;
      prefix_mask |= 255u << shift;
      less_count = 0;
      equal_count = 0;
    }
    __syncthreads();
  }
  // `prefix` is the k-th smallest key; `remaining` of the keys equal to it
  // are taken after all the smaller ones.
  const unsigned smaller = k - remaining;
  for (unsigned i = threadIdx.x; i < m; i += blockDim.x) {
    uint32_t key = load.key(i);
    if (key < prefix) {
      selected[atomicAdd(&less_count, 1u)] = pack(key, load.row(i));
    } else if (key == prefix) {
      unsigned at = atomicAdd(&equal_count, 1u);
      if (at < remaining) selected[smaller + at] = pack(key, load.row(i));
    }
  }
  __syncthreads();
}

/// Sorts `entries` (shared memory, `count` of them, a power of two)
/// ascending. Every thread of the block calls it.
__device__ inline void bitonic_sort(uint64_t* entries, unsigned count) {
  for (unsigned size = 2; size <= count; size <<= 1)
    for (unsigned stride = size / 2; stride > 0; stride >>= 1) {
      for (unsigned i = threadIdx.x; i < count; i += blockDim.x) {
        unsigned j = i ^ stride;
        if (j > i) {
          bool ascending = (i & size) == 0;
          uint64_t a = entries[i], b = entries[j];
          if ((a > b) == ascending) {
            entries[i] = b;
            entries[j] = a;
          }
        }
      }
      __syncthreads();
    }
}

}  // namespace ds::kernels::cuda
