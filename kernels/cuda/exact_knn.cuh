#pragma once

// Exact kNN over a CudaBase: per block of queries and tile of rows, one
// cuBLAS GEMM of products, then a top-k selection that reads the products
// with the distance epilogue fused in (norms, mask) and merges the tile's
// k best into the running k best; a last kernel sorts and writes them.

#include <span>
#include <vector>

#include "kernels/backend.hpp"
#include "kernels/cuda/cuda_base.cuh"

namespace ds::kernels::cuda {

/// `queries`: nq x dim, checked; `mask`: one byte per row, or empty.
Result<KnnResult> exact_knn(const CudaBase& base, std::span<const float> queries, std::size_t nq,
                            std::size_t k, const std::vector<uint8_t>& mask);

}  // namespace ds::kernels::cuda
