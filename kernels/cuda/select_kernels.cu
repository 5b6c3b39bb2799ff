#include "kernels/cuda/select_kernels.cuh"

#include "kernels/cuda/top_k.cuh"

namespace ds::kernels::cuda {
namespace {

constexpr unsigned kThreads = 256;

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
  extern __shared__ uint64_t shared[];
  uint64_t* selected = shared;
  uint32_t* keys = reinterpret_cast<uint32_t*>(shared + k);
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
  extern __shared__ uint64_t selected[];
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
  extern __shared__ uint64_t entries[];
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

unsigned power_of_two_at_least(std::size_t k) {
  unsigned p = 1;
  while (p < k)
    p <<= 1;
  return p;
}

std::size_t chunks_of(std::size_t rows) { return (rows + kChunkRows - 1) / kChunkRows; }

}  // namespace

std::size_t chunk_best_entries(std::size_t queries, std::size_t tile_rows, std::size_t k) {
  return queries * chunks_of(tile_rows) * k;
}

cudaError_t reset_top_k(cudaStream_t stream, const TopK& top, std::size_t queries, std::size_t k) {
  if (auto e = cudaMemsetAsync(top.best, 0xff, queries * k * sizeof(uint64_t), stream);
      e != cudaSuccess)
    return e;
  return cudaMemsetAsync(top.thresholds, 0xff, queries * sizeof(uint32_t), stream);
}

void launch_select_tile(cudaStream_t stream, unsigned queries, const float* products,
                        std::size_t stride, unsigned rows, uint32_t first_row, const float* norms,
                        const uint8_t* mask, unsigned k, const TopK& top) {
  const auto chunks = static_cast<unsigned>(chunks_of(rows));
  select_chunk<<<dim3(queries, chunks), kThreads, k * sizeof(uint64_t) + kChunkRows * 4, stream>>>(
      products, stride, rows, first_row, norms, mask, top.thresholds, k, top.chunk_best);
  merge_chunks<<<queries, kThreads, k * sizeof(uint64_t), stream>>>(top.best, top.thresholds,
                                                                    top.chunk_best, chunks, k);
}

void launch_write_results(cudaStream_t stream, unsigned queries, const uint64_t* best, unsigned k,
                          const float* query_norms, bool l2, const int64_t* ids, float* scores,
                          int64_t* ids_out) {
  const unsigned sorted = power_of_two_at_least(k);
  write_results<<<queries, kThreads, sorted * sizeof(uint64_t), stream>>>(
      best, k, sorted, query_norms, l2, ids, scores, ids_out);
}

}  // namespace ds::kernels::cuda
