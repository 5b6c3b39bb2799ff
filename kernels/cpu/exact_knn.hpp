#pragma once

// Exact kNN over a CpuBase: the products of a block of queries with a
// block of rows by one BLAS GEMM, then each query's block scanned into its
// top-k selector (OpenMP over queries), as FAISS's IndexFlat does it.

#include <cstdint>
#include <span>
#include <vector>

#include "kernels/backend.hpp"
#include "kernels/cpu/cpu_base.hpp"

namespace ds::kernels::cpu {

/// `queries`: nq x dim, checked; `mask`: one byte per row, or empty for all.
KnnResult exact_knn(const CpuBase& base, std::span<const float> queries, std::size_t nq,
                    std::size_t k, const std::vector<uint8_t>& mask);

}  // namespace ds::kernels::cpu
