#include "bench/vector/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include <faiss/utils/distances.h>

namespace ds::vector_bench {

namespace {

/// A Gaussian mixture whose clusters each spread along their own random subspace.
class ClusterModel {
 public:
  ClusterModel(const DataOptions& options, std::mt19937_64& random) : options_(options) {
    std::normal_distribution<float> normal;
    centres_.resize(std::size_t{options.clusters} * options.dim);
    for (auto& x : centres_)
      x = normal(random);
    // Entries of variance 1/latent: a latent point of unit variance moves each
    // component by about 1, so --spread is the per-component deviation.
    if (options.latent_dims == 0) return;
    std::normal_distribution<float> entry(0.0f, 1.0f / std::sqrt(float(options.latent_dims)));
    bases_.resize(centres_.size() * options.latent_dims);
    for (auto& x : bases_)
      x = entry(random);
  }

  /// Draws `count` vectors into `out` (count * dim floats).
  void draw(std::size_t count, std::mt19937_64& random, float* out) const {
    const uint32_t dim = options_.dim, m = options_.latent_dims;
    std::uniform_int_distribution<uint32_t> pick(0, options_.clusters - 1);
    std::normal_distribution<float> normal;
    std::vector<float> latent(m);
    for (std::size_t i = 0; i < count; ++i, out += dim) {
      auto cluster = pick(random);
      for (auto& z : latent)
        z = normal(random);
      const float* centre = centres_.data() + std::size_t{cluster} * dim;
      const float* basis = bases_.data() + std::size_t{cluster} * dim * m;
      for (uint32_t c = 0; c < dim; ++c) {
        float along = 0;
        for (uint32_t l = 0; l < m; ++l)
          along += basis[c * m + l] * latent[l];
        out[c] = centre[c] + options_.spread * along + options_.noise * normal(random);
      }
    }
  }

 private:
  DataOptions options_;
  std::vector<float> centres_;  // clusters x dim
  std::vector<float> bases_;    // clusters x dim x latent
};

}  // namespace

Dataset make_dataset(const DataOptions& options) {
  std::mt19937_64 random(options.seed);
  ClusterModel model(options, random);
  Dataset data;
  data.dim = options.dim;
  data.base.resize(options.vectors * options.dim);
  model.draw(options.vectors, random, data.base.data());
  // Their own stream: the same queries whatever --vectors is.
  std::mt19937_64 query_random(options.seed ^ 0x9e3779b97f4a7c15ULL);
  data.queries.resize(options.queries * options.dim);
  model.draw(options.queries, query_random, data.queries.data());
  return data;
}

std::vector<int64_t> exact_neighbours(const Dataset& data) {
  std::vector<float> distances(data.query_count() * kTopK);
  std::vector<int64_t> numbers(data.query_count() * kTopK);
  faiss::knn_L2sqr(data.queries.data(), data.base.data(), data.dim, data.query_count(), data.size(),
                   kTopK, distances.data(), numbers.data());
  return numbers;
}

void gather(const Dataset& data, std::size_t first, std::size_t batch, std::vector<float>& out) {
  out.resize(batch * data.dim);
  for (std::size_t j = 0; j < batch; ++j) {
    const float* row = data.queries.data() + ((first + j) % data.query_count()) * data.dim;
    std::copy(row, row + data.dim, out.data() + j * data.dim);
  }
}

}  // namespace ds::vector_bench
