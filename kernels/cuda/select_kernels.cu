#include "kernels/cuda/select_kernels.cuh"

#include "kernels/cuda/top_k_kernels.cuh"

namespace ds::kernels::cuda {

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
  const unsigned chunks = chunks_of(rows);
  select_chunk<<<dim3(queries, chunks), kSelectThreads, select_chunk_shared_bytes(k), stream>>>(
      products, stride, rows, first_row, norms, mask, top.thresholds, k, top.chunk_best);
  merge_chunks<<<queries, kSelectThreads, merge_chunks_shared_bytes(k), stream>>>(
      top.best, top.thresholds, top.chunk_best, chunks, k);
}

void launch_write_results(cudaStream_t stream, unsigned queries, const uint64_t* best, unsigned k,
                          const float* query_norms, bool l2, const int64_t* ids, float* scores,
                          int64_t* ids_out) {
  const unsigned sorted = sorted_size(k);
  write_results<<<queries, kSelectThreads, write_results_shared_bytes(k), stream>>>(
      best, k, sorted, query_norms, l2, ids, scores, ids_out);
}

}  // namespace ds::kernels::cuda
