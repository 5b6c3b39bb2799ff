#pragma once

// bench/vector's data: clustered random vectors (see main.cpp), held-out
// queries drawn the same way, and their exact nearest neighbours.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ds::vector_bench {

constexpr std::size_t kTopK = 10;  // recall@10

struct DataOptions {
  std::size_t vectors = 1'000'000;
  std::size_t queries = 1000;
  uint32_t dim = 128;
  uint32_t clusters = 1000;
  uint32_t latent_dims = 16;
  float spread = 0.5f;
  float noise = 0.05f;
  uint64_t seed = 42;
};

struct Dataset {
  uint32_t dim = 0;
  std::vector<float> base;     ///< vector number i is row i
  std::vector<float> queries;  ///< held out
  std::size_t size() const { return base.size() / dim; }
  std::size_t query_count() const { return queries.size() / dim; }
};

Dataset make_dataset(const DataOptions& options);

/// The exact kTopK nearest vector numbers of every query (BLAS, every core).
std::vector<int64_t> exact_neighbours(const Dataset& data);

/// Copies `batch` queries from `first` on, wrapping round the set, into `out`.
void gather(const Dataset& data, std::size_t first, std::size_t batch, std::vector<float>& out);

}  // namespace ds::vector_bench
