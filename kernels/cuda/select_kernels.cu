#include "kernels/cuda/select_kernels.cuh"

#include "kernels/cuda/top_k.cuh"

namespace ds::kernels::cuda {
namespace {

constexpr unsigned kThreads = 256;

/// A tile's products as ranking keys (smaller is better): for l2 the
/// distance less the query's norm, else the negated product.
struct TileLoad {
  const float* products;  // this query's row of the tile
  const float* norms;     // null unless l2, from the tile's first row
  const uint8_t* mask;    // null: every row, from the tile's first row
  uint32_t first_row;
  __device__ uint32_t key(unsigned i) const {
    if (mask != nullptr && mask[i] == 0) return kWorstKey;
    float p = products[i];
    return order_key(norms != nullptr ? norms[i] - 2.0f * p : -p);
  }
  __device__ uint32_t row(unsigned i) const { return first_row + i; }
};

/// The running best (k entries) and the tile's best (k more), side by side.
struct EntryLoad {
  const uint64_t* entries;
  __device__ uint32_t key(unsigned i) const { return static_cast<uint32_t>(entries[i] >> 32); }
  __device__ uint32_t row(unsigned i) const { return static_cast<uint32_t>(entries[i]); }
};

/// Block q: the tile's k best for query q, into the second half of its
/// 2k candidates, then the k best of all 2k into the first half.
__global__ void select_tile(const float* products, std::size_t tile_stride, unsigned tile_rows,
                            uint32_t first_row, const float* norms, const uint8_t* mask, unsigned k,
                            uint64_t* candidates) {
  extern __shared__ uint64_t selected[];
  const unsigned q = blockIdx.x;
  uint64_t* mine = candidates + std::size_t{q} * 2 * k;
  TileLoad tile{products + q * tile_stride, norms ? norms + first_row : nullptr,
                mask ? mask + first_row : nullptr, first_row};
  select_k(tile, tile_rows, k, selected);
  for (unsigned i = threadIdx.x; i < k; i += blockDim.x)
    mine[k + i] = selected[i];
  __syncthreads();
  select_k(EntryLoad{mine}, 2 * k, k, selected);
  for (unsigned i = threadIdx.x; i < k; i += blockDim.x)
    mine[i] = selected[i];
}

/// Block q: sorts query q's k best and writes scores (as the API reports
/// them) and ids.
__global__ void write_results(const uint64_t* candidates, unsigned k, unsigned sorted_size,
                              const float* query_norms, bool l2, const int64_t* ids,
                              float* scores_out, int64_t* ids_out) {
  extern __shared__ uint64_t entries[];
  const unsigned q = blockIdx.x;
  for (unsigned i = threadIdx.x; i < sorted_size; i += blockDim.x)
    entries[i] = i < k ? candidates[std::size_t{q} * 2 * k + i] : kWorstEntry;
  __syncthreads();
  bitonic_sort(entries, sorted_size);
  for (unsigned i = threadIdx.x; i < k; i += blockDim.x) {
    uint32_t key = static_cast<uint32_t>(entries[i] >> 32);
    uint32_t row = static_cast<uint32_t>(entries[i]);
    std::size_t at = std::size_t{q} * k + i;
    if (key == kWorstKey) {
      scores_out[at] = l2 ? INFINITY : -INFINITY;
      ids_out[at] = -1;
      continue;
    }
    float rank = key_score(key);
    scores_out[at] = l2 ? fmaxf(0.0f, rank + query_norms[q]) : -rank;
    ids_out[at] = ids[row];
  }
}

unsigned power_of_two_at_least(std::size_t k) {
  unsigned p = 1;
  while (p < k)
    p <<= 1;
  return p;
}

}  // namespace

void launch_select_tile(cudaStream_t stream, unsigned queries, const float* products,
                        std::size_t stride, unsigned rows, uint32_t first_row, const float* norms,
                        const uint8_t* mask, unsigned k, uint64_t* candidates) {
  select_tile<<<queries, kThreads, k * sizeof(uint64_t), stream>>>(
      products, stride, rows, first_row, norms, mask, k, candidates);
}

void launch_write_results(cudaStream_t stream, unsigned queries, const uint64_t* candidates,
                          unsigned k, const float* query_norms, bool l2, const int64_t* ids,
                          float* scores, int64_t* ids_out) {
  const unsigned sorted = power_of_two_at_least(k);
  write_results<<<queries, kThreads, sorted * sizeof(uint64_t), stream>>>(
      candidates, k, sorted, query_norms, l2, ids, scores, ids_out);
}

}  // namespace ds::kernels::cuda
