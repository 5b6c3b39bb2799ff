#pragma once

// The top-k selection over tiles of scores, as kNN and link prediction
// both use it (top_k.cuh has the block-wide algorithm). Per query q, tile
// after tile: launch_select_tile has one block per chunk of kChunkRows rows
// select the chunk's k best (rows whose key cannot beat the query's k-th
// best so far are filtered out as the chunk is read), then one block per
// query merges the chunks' picks with its running best and sets the new
// threshold. After the last tile, launch_write_results sorts the k best
// and writes scores and ids. The kernels and their shapes (kChunkRows,
// the threads and shared memory of each) are in top_k_kernels.cuh.

#include <cstddef>
#include <cstdint>

#include <cuda_runtime.h>

namespace ds::kernels::cuda {

/// Device state of a selection across tiles, for `queries` queries.
struct TopK {
  uint64_t* best;        ///< queries x k entries: the running best
  uint32_t* thresholds;  ///< per query: keys above it cannot enter
  uint64_t* chunk_best;  ///< queries x chunks x k entries: scratch
};

/// Entries TopK::chunk_best needs for tiles of up to `tile_rows` rows.
std::size_t chunk_best_entries(std::size_t queries, std::size_t tile_rows, std::size_t k);

/// Starts a selection: no best yet, no threshold (all ones: the worst).
cudaError_t reset_top_k(cudaStream_t stream, const TopK& top, std::size_t queries, std::size_t k);

/// `products`: queries x stride floats, query q's tile at q * stride.
/// With `norms` (l2), a row ranks by norm - 2 product, else by -product
/// (larger products first); `mask` (bytes per row, from row 0) skips rows.
/// Row numbers are `first_row` + the row within the tile.
void launch_select_tile(cudaStream_t stream, unsigned queries, const float* products,
                        std::size_t stride, unsigned rows, uint32_t first_row, const float* norms,
                        const uint8_t* mask, unsigned k, const TopK& top);

/// Scores as the API reports them (l2: the squared distance, adding the
/// query's norm; else the product) and ids[row]; id -1 past the rows found.
void launch_write_results(cudaStream_t stream, unsigned queries, const uint64_t* best, unsigned k,
                          const float* query_norms, bool l2, const int64_t* ids, float* scores,
                          int64_t* ids_out);

}  // namespace ds::kernels::cuda
