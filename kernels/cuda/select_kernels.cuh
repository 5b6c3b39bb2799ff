#pragma once

// The top-k selection over a tile of scores, as kNN and link prediction
// both use it (top_k.cuh has the block-wide algorithm). Per query q:
// launch_select_tile merges the tile's k best into candidates[q] (2k
// entries: the running k best, then room for the tile's); after the last
// tile, launch_write_results sorts them and writes scores and ids.
// Candidates start as all ones (cudaMemset 0xff: the worst entry).

#include <cstddef>
#include <cstdint>

#include <cuda_runtime.h>

namespace ds::kernels::cuda {

/// `products`: queries x stride floats, query q's tile at q * stride.
/// With `norms` (l2), a row ranks by norm - 2 product, else by -product
/// (larger products first); `mask` (bytes per row, from row 0) skips rows.
void launch_select_tile(cudaStream_t stream, unsigned queries, const float* products,
                        std::size_t stride, unsigned rows, uint32_t first_row, const float* norms,
                        const uint8_t* mask, unsigned k, uint64_t* candidates);

/// Scores as the API reports them (l2: the squared distance, adding the
/// query's norm; else the product) and ids[row]; id -1 past the rows found.
void launch_write_results(cudaStream_t stream, unsigned queries, const uint64_t* candidates,
                          unsigned k, const float* query_norms, bool l2, const int64_t* ids,
                          float* scores, int64_t* ids_out);

}  // namespace ds::kernels::cuda
