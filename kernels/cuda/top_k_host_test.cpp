#define BOOST_TEST_MODULE kernels_cuda_top_k_host
// The CUDA top-k kernels (top_k_kernels.cuh) run on the host
// (testing/host_block.hpp) against a sort: the selection's logic is tested
// on every machine, the GPU's behaviour by the gpu suite.
#include "kernels/cuda/testing/host_block.hpp"
// After host_block.hpp:
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "kernels/cuda/top_k_kernels.cuh"

namespace cuda = ds::kernels::cuda;

namespace {

/// Products of `queries` x `rows`, as a kNN search's GEMM leaves them, with
/// the rows' squared norms (l2) or not (ip), and a mask (empty: none).
struct Scores {
  unsigned queries = 0, rows = 0;
  std::vector<float> products, norms;
  std::vector<uint8_t> mask;
  float product(unsigned q, unsigned r) const { return products[std::size_t{q} * rows + r]; }
};

/// `levels` > 0 rounds every value to a multiple of 1 / levels: many ties.
Scores random_scores(unsigned queries, unsigned rows, bool l2, int levels, double masked,
                     unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> uniform(-1, 1);
  auto value = [&] {
    const float v = uniform(rng);
    return levels > 0 ? std::round(v * levels) / levels : v;
  };
  Scores s{queries, rows, {}, {}, {}};
  s.products.resize(std::size_t{queries} * rows);
  for (auto& p : s.products)
    p = value();
  if (l2) {
    s.norms.resize(rows);
    for (auto& n : s.norms)
      n = value() + 1.0f;
  }
  if (masked > 0) {
    std::bernoulli_distribution drop(masked);
    s.mask.resize(rows);
    for (auto& m : s.mask)
      m = drop(rng) ? 0 : 1;
  }
  return s;
}

struct Found {
  std::vector<float> scores;
  std::vector<int64_t> ids;
};

int64_t id_of(unsigned row) { return 1000 + row; }

/// The selection as exact_knn.cu drives it: per tile of `tile` rows,
/// select_chunk over its chunks then merge_chunks; write_results at the end.
Found select(const Scores& s, unsigned tile, unsigned k) {
  namespace host = cuda::host_block;
  const unsigned q_count = s.queries;
  std::vector<uint64_t> best(std::size_t{q_count} * k, cuda::kWorstEntry);
  std::vector<uint32_t> thresholds(q_count, cuda::kWorstKey);
  std::vector<uint64_t> chunk_best(std::size_t{q_count} * cuda::chunks_of(tile) * k);
  std::vector<float> tile_products, query_norms(q_count, 0.5f);
  std::vector<int64_t> ids(s.rows);
  for (unsigned r = 0; r < s.rows; ++r)
    ids[r] = id_of(r);
  const float* norms = s.norms.empty() ? nullptr : s.norms.data();
  const uint8_t* mask = s.mask.empty() ? nullptr : s.mask.data();
  for (unsigned first = 0; first < s.rows; first += tile) {
    const unsigned rows = std::min(tile, s.rows - first), chunks = cuda::chunks_of(rows);
    tile_products.resize(std::size_t{q_count} * rows);
    for (unsigned q = 0; q < q_count; ++q)
      for (unsigned r = 0; r < rows; ++r)
        tile_products[std::size_t{q} * rows + r] = s.product(q, first + r);
    host::run(q_count, chunks, cuda::kSelectThreads, cuda::select_chunk_shared_bytes(k), [&] {
      cuda::select_chunk(tile_products.data(), rows, rows, first, norms, mask, thresholds.data(), k,
                         chunk_best.data());
    });
    host::run(q_count, 1, cuda::kSelectThreads, cuda::merge_chunks_shared_bytes(k), [&] {
      cuda::merge_chunks(best.data(), thresholds.data(), chunk_best.data(), chunks, k);
    });
  }
  Found out{std::vector<float>(std::size_t{q_count} * k), std::vector<int64_t>(q_count * k)};
  host::run(q_count, 1, cuda::kSelectThreads, cuda::write_results_shared_bytes(k), [&] {
    cuda::write_results(best.data(), k, cuda::sorted_size(k), query_norms.data(), norms != nullptr,
                        ids.data(), out.scores.data(), out.ids.data());
  });
  return out;
}

uint32_t order_key(float score) {
  const uint32_t bits = std::bit_cast<uint32_t>(score);
  return (bits & 0x80000000u) ? ~bits : bits | 0x80000000u;
}

/// Every unmasked row sorted by (rank, row), the k first: what the CPU
/// backend returns (ids past the rows found: -1, scores infinite).
Found reference(const Scores& s, unsigned k) {
  Found out;
  const bool l2 = !s.norms.empty();
  for (unsigned q = 0; q < s.queries; ++q) {
    std::vector<std::pair<uint64_t, float>> ranked;
    for (unsigned r = 0; r < s.rows; ++r) {
      if (!s.mask.empty() && s.mask[r] == 0) continue;
      const float p = s.product(q, r), rank = l2 ? s.norms[r] - 2.0f * p : -p;
      ranked.emplace_back((uint64_t{order_key(rank)} << 32) | r,
                          l2 ? std::max(0.0f, rank + 0.5f) : p);
    }
    std::sort(ranked.begin(), ranked.end());
    for (unsigned i = 0; i < k; ++i) {
      const bool found = i < ranked.size();
      out.ids.push_back(found ? id_of(static_cast<uint32_t>(ranked[i].first)) : -1);
      out.scores.push_back(found ? ranked[i].second : (l2 ? INFINITY : -INFINITY));
    }
  }
  return out;
}

void check(const Scores& s, unsigned tile, unsigned k) {
  const Found got = select(s, tile, k), want = reference(s, k);
  BOOST_TEST(got.ids == want.ids, boost::test_tools::per_element());
  BOOST_TEST(got.scores == want.scores, boost::test_tools::per_element());
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_k_best_of_several_tiles_and_chunks_by_l2_and_by_product) {
  check(random_scores(2, 20000, true, 0, 0, 1), 20000, 10);  // one tile of three chunks
  check(random_scores(2, 20000, false, 0, 0, 2), 7000, 10);  // three tiles
  check(random_scores(2, 30000, true, 0, 0, 3), 9000, 100);
}

BOOST_AUTO_TEST_CASE(ties_go_to_the_lower_row_as_on_the_cpu) {
  check(random_scores(2, 30000, true, 8, 0, 4), 30000, 100);
  check(random_scores(2, 20000, false, 4, 0, 5), 5000, 1024);  // k = 1024, few distinct scores
  check(random_scores(1, 17000, false, 2, 0, 6), 17000, 1);
}

BOOST_AUTO_TEST_CASE(masked_rows_are_never_selected) {
  check(random_scores(2, 30000, true, 0, 0.3, 7), 9000, 100);
  check(random_scores(3, 40000, true, 16, 0.5, 8), 16384, 37);
}

BOOST_AUTO_TEST_CASE(fewer_rows_than_k_leave_the_rest_empty) {
  check(random_scores(1, 500, true, 0, 0, 9), 200, 1024);        // tiles smaller than k
  check(random_scores(2, 20000, true, 0, 0.999, 10), 9000, 64);  // ~20 rows unmasked
}

BOOST_AUTO_TEST_CASE(later_tiles_that_cannot_beat_the_threshold_change_nothing) {
  // Rows get worse tile after tile: from the second on, the running
  // threshold filters every row as its chunk is staged.
  Scores s = random_scores(2, 24000, false, 0, 0, 11);
  for (unsigned q = 0; q < s.queries; ++q)
    for (unsigned r = 0; r < s.rows; ++r)
      s.products[std::size_t{q} * s.rows + r] -= static_cast<float>(r / 8000) * 4.0f;
  check(s, 8000, 50);
  // And better tile after tile: each tile replaces the running best.
  for (auto& p : s.products)
    p = -p;
  check(s, 8000, 50);
}
