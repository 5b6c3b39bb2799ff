#pragma once

// The kernels of the top-k selection over tiles (select_kernels.cuh says
// how they chain; top_k.cuh has the block-wide algorithm), with their
// launch shapes. Device code without CUDA headers: select_kernels.cu
// launches them, and top_k_host_test runs them on the host
// (testing/host_block.hpp), where there is no GPU. Include it in one
// translation unit only.

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "kernels/cuda/top_k.cuh"

namespace ds::kernels::cuda {

/// Rows one selecting block reads into shared memory (32 KiB of keys).
constexpr unsigned kChunkRows = 8192;
/// Threads of every selection block (a multiple of 32: select_k's warps).
constexpr unsigned kSelectThreads = 256;

inline unsigned chunks_of(std::size_t rows) {
  return static_cast<unsigned>((rows + kChunkRows - 1) / kChunkRows);
}
/// Dynamic shared memory of select_chunk: k picks and a chunk's keys.
inline std::size_t select_chunk_shared_bytes(unsigned k) {
  return k * sizeof(uint64_t) + kChunkRows * sizeof(uint32_t);
}
/// Dynamic shared memory of merge_chunks: the k it selects.
inline std::size_t merge_chunks_shared_bytes(unsigned k) { return k * sizeof(uint64_t); }
/// Entries write_results sorts: k, rounded up to a power of two.
inline unsigned sorted_size(unsigned k) {
  unsigned p = 1;
  while (p < k)
    p <<= 1;
  return p;
}
inline std::size_t write_results_shared_bytes(unsigned k) {
  return sorted_size(k) * sizeof(uint64_t);
}

/// A chunk's keys, staged in shared memory: the radix passes read them
/// there rather than the tile in device memory.
struct StagedKeys {
  const uint32_t* keys;
  uint32_t first_row;
  __device__ uint64_t entry(unsigned i) const { return pack(keys[i], first_row + i); }
};

/// The running best (k entries) and the chunks' picks (chunks x k), as one
/// sequence.
struct RunningAndChunks {
  const uint64_t* best;
  const uint64_t* chunks;
  unsigned k;
  __device__ uint64_t entry(unsigned i) const { return i < k ? best[i] : chunks[i - k]; }
};

/// Block (q, c): the k best of chunk c of query q's tile. A row's key is
/// its l2 rank (norm - 2 product) or its negated product; masked rows and
/// rows above the query's threshold get the worst key.
__global__ void select_chunk(const float* products, std::size_t stride, unsigned rows,
                             uint32_t first_row, const float* norms, const uint8_t* mask,
                             const uint32_t* thresholds, unsigned k, uint64_t* chunk_best) {
  uint64_t* selected = shared_entries();
  uint32_t* keys = reinterpret_cast<uint32_t*>(selected + k);
  const unsigned q = blockIdx.x, chunk = blockIdx.y;
  const unsigned begin = chunk * kChunkRows, count = min(kChunkRows, rows - begin);
  const float* mine = products + q * stride + begin;
  const uint32_t limit = thresholds[q];
  for (unsigned i = threadIdx.x; i < count; i += blockDim.x) {
    const std::size_t row = std::size_t{first_row} + begin + i;
    uint32_t key = kWorstKey;
    if (mask == nullptr || mask[row] != 0) {
      const float p = mine[i];
      key = order_key(norms != nullptr ? norms[row] - 2.0f * p : -p);
      if (key > limit) key = kWorstKey;
    }
    keys[i] = key;
  }
  __syncthreads();
  select_k(StagedKeys{keys, first_row + begin}, count, k, selected);
  uint64_t* out = chunk_best + (std::size_t{q} * gridDim.y + chunk) * k;
  for (unsigned i = threadIdx.x; i < k; i += blockDim.x)
    out[i] = selected[i];
}

/// Block q: the k best of query q's running best and its chunks' picks
/// become the running best; their k-th key, the threshold.
__global__ void merge_chunks(uint64_t* best, uint32_t* thresholds, const uint64_t* chunk_best,
                             unsigned chunks, unsigned k) {
  uint64_t* selected = shared_entries();
  const unsigned q = blockIdx.x;
  uint64_t* mine = best + std::size_t{q} * k;
  const uint32_t threshold =
      select_k(RunningAndChunks{mine, chunk_best + std::size_t{q} * chunks * k, k},
               (chunks + 1) * k, k, selected);
  for (unsigned i = threadIdx.x; i < k; i += blockDim.x)
    mine[i] = selected[i];
  if (threadIdx.x == 0) thresholds[q] = threshold;
}

/// Block q: sorts query q's k best and writes scores (as the API reports
/// them) and ids.
__global__ void write_results(const uint64_t* best, unsigned k, unsigned sorted_size,
                              const float* query_norms, bool l2, const int64_t* ids,
                              float* scores_out, int64_t* ids_out) {
  uint64_t* entries = shared_entries();
  const unsigned q = blockIdx.x;
  for (unsigned i = threadIdx.x; i < sorted_size; i += blockDim.x)
    entries[i] = i < k ? best[std::size_t{q} * k + i] : kWorstEntry;
  __syncthreads();
  bitonic_sort(entries, sorted_size);
  for (unsigned i = threadIdx.x; i < k; i += blockDim.x) {
    const uint64_t entry = entries[i];
    const std::size_t at = std::size_t{q} * k + i;
    if (is_worst(entry)) {
      scores_out[at] = l2 ? INFINITY : -INFINITY;
      ids_out[at] = -1;
      continue;
    }
    const float rank = key_score(static_cast<uint32_t>(entry >> 32));
    scores_out[at] = l2 ? fmaxf(0.0f, rank + query_norms[q]) : -rank;
    ids_out[at] = ids[static_cast<uint32_t>(entry)];
  }
}

}  // namespace ds::kernels::cuda
