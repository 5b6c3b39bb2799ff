#include "kernels/cpu/exact_knn.hpp"

#include <algorithm>
#include <limits>

#include <cblas.h>

#include "kernels/cpu/top_k.hpp"
#include "kernels/vectors.hpp"

namespace ds::kernels::cpu {
namespace {

// A block of queries by a block of rows: 256 x 16384 products, 16 MiB,
// large enough for BLAS to run at its peak, small enough to stay in memory
// beside a 4096-query batch.
constexpr std::size_t kQueryBlock = 256;
constexpr std::size_t kRowBlock = 16384;

/// The rank score a row gets (smaller is better): for l2 the distance less
/// the query's own norm (added back at the end), else the negated product.
struct Ranking {
  bool l2;
  float operator()(float product, float row_norm) const {
    return l2 ? row_norm - 2 * product : -product;
  }
};

void scan_block(const float* products, std::size_t rows, std::size_t first_row, const CpuBase& base,
                const std::vector<uint8_t>& mask, Ranking rank, TopK& top) {
  const auto& norms = base.norms();
  for (std::size_t j = 0; j < rows; ++j) {
    std::size_t row = first_row + j;
    if (!mask.empty() && !mask[row]) continue;
    top.push(rank(products[j], rank.l2 ? norms[row] : 0.0f), static_cast<uint32_t>(row));
  }
}

void write_result(const CpuBase& base, std::vector<Scored>& best, float query_norm, Ranking rank,
                  std::size_t k, float* scores, int64_t* ids) {
  for (std::size_t i = 0; i < k; ++i) {
    if (i >= best.size()) {
      scores[i] = rank.l2 ? std::numeric_limits<float>::infinity()
                          : -std::numeric_limits<float>::infinity();
      ids[i] = -1;
      continue;
    }
    scores[i] = rank.l2 ? std::max(0.0f, best[i].score + query_norm) : -best[i].score;
    ids[i] = base.id(best[i].row);
  }
}

}  // namespace

KnnResult exact_knn(const CpuBase& base, std::span<const float> queries, std::size_t nq,
                    std::size_t k, const std::vector<uint8_t>& mask) {
  const std::size_t dim = base.spec().dim;
  const std::size_t n = base.size();
  const Ranking rank{base.spec().metric == Metric::l2};
  KnnResult out{nq, k, std::vector<float>(nq * k), std::vector<int64_t>(nq * k)};

  std::vector<float> prepared(queries.begin(), queries.end());
  std::vector<float> query_norms(nq, 0.0f);
  for (std::size_t q = 0; q < nq; ++q) {
    auto query = std::span(prepared).subspan(q * dim, dim);
    prepare_vector(base.spec(), query);
    query_norms[q] = squared_norm(query);
  }

  std::vector<float> products;
  std::vector<float> scratch;
  for (std::size_t q0 = 0; q0 < nq; q0 += kQueryBlock) {
    const std::size_t bq = std::min(kQueryBlock, nq - q0);
    std::vector<TopK> tops(bq, TopK(k));
    for (std::size_t r0 = 0; r0 < n; r0 += kRowBlock) {
      const std::size_t br = std::min(kRowBlock, n - r0);
      const float* rows = base.rows(r0, br, scratch);
      products.resize(bq * br);
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(bq),
                  static_cast<int>(br), static_cast<int>(dim), 1.0f, prepared.data() + q0 * dim,
                  static_cast<int>(dim), rows, static_cast<int>(dim), 0.0f, products.data(),
                  static_cast<int>(br));
#pragma omp parallel for schedule(static) if (bq > 1)
      for (std::size_t i = 0; i < bq; ++i)
        scan_block(products.data() + i * br, br, r0, base, mask, rank, tops[i]);
    }
#pragma omp parallel for schedule(static) if (bq > 1)
    for (std::size_t i = 0; i < bq; ++i)
      write_result(base, tops[i].finish(), query_norms[q0 + i], rank, k,
                   out.scores.data() + (q0 + i) * k, out.ids.data() + (q0 + i) * k);
  }
  return out;
}

}  // namespace ds::kernels::cpu
