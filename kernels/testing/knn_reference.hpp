#pragma once

// What the backend tests share: random bases, the naive kNN reference (each
// pair in double), and the two ways an answer is judged against it: exact
// up to ties, or by recall. Boost.Test assertions; include from tests only.

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "kernels/backend.hpp"

namespace ds::kernels::testing {

inline constexpr uint32_t kDim = 64;

struct Data {
  std::vector<float> rows;
  std::vector<int64_t> ids;
};

/// `n` Gaussian vectors (fixed seed), ids 5000 + 3i (not row numbers).
inline Data random_rows(std::size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  Data data;
  for (std::size_t i = 0; i < n; ++i) {
    data.ids.push_back(5000 + 3 * static_cast<int64_t>(i));
    for (uint32_t d = 0; d < kDim; ++d)
      data.rows.push_back(normal(rng));
  }
  return data;
}

/// The naive reference: each pair in double, sorted by (score, row); the
/// score as the backend reports it.
struct Reference {
  std::vector<std::vector<std::pair<double, int64_t>>> ranked;  // per query, best first
  std::vector<std::map<int64_t, double>> score_of;              // per query
};

inline double pair_score(Metric metric, const float* q, const float* x) {
  double dot = 0, qq = 0, xx = 0, l2 = 0;
  for (uint32_t d = 0; d < kDim; ++d) {
    dot += double{q[d]} * x[d];
    qq += double{q[d]} * q[d];
    xx += double{x[d]} * x[d];
    l2 += (double{q[d]} - x[d]) * (double{q[d]} - x[d]);
  }
  if (metric == Metric::l2) return l2;
  if (metric == Metric::ip) return dot;
  return dot / std::sqrt(qq * xx);
}

inline Reference reference(Metric metric, const Data& base, const std::vector<float>& queries) {
  Reference out;
  std::size_t n = base.ids.size();
  for (std::size_t q = 0; q * kDim < queries.size(); ++q) {
    std::vector<std::pair<double, int64_t>> all;
    auto& scores = out.score_of.emplace_back();
    for (std::size_t r = 0; r < n; ++r) {
      double s = pair_score(metric, &queries[q * kDim], &base.rows[r * kDim]);
      all.emplace_back(metric == Metric::l2 ? s : -s, base.ids[r]);
      scores[base.ids[r]] = s;
    }
    std::sort(all.begin(), all.end());
    for (auto& [s, id] : all)
      if (metric != Metric::l2) s = -s;
    out.ranked.push_back(std::move(all));
  }
  return out;
}

/// Each answer is the reference's at its rank, or one that scores the same
/// within `tolerance` (a tie the float rounding may order either way).
inline void expect_exact(const KnnResult& got, const Reference& ref, double tolerance) {
  for (std::size_t q = 0; q < got.queries; ++q)
    for (std::size_t i = 0; i < got.k; ++i) {
      auto id = got.ids[q * got.k + i];
      auto [want_score, want_id] = ref.ranked[q][i];
      BOOST_TEST_CONTEXT("query " << q << " rank " << i) {
        BOOST_TEST(got.scores[q * got.k + i] == want_score, boost::test_tools::tolerance(1e-4));
        if (id != want_id) {
          BOOST_REQUIRE(ref.score_of[q].count(id));
          BOOST_TEST(std::abs(ref.score_of[q].at(id) - want_score) <= tolerance);
        }
      }
    }
}

inline double recall(const KnnResult& got, const Reference& ref) {
  std::size_t hits = 0;
  for (std::size_t q = 0; q < got.queries; ++q) {
    std::set<int64_t> want;
    for (std::size_t i = 0; i < got.k; ++i)
      want.insert(ref.ranked[q][i].second);
    for (std::size_t i = 0; i < got.k; ++i)
      hits += want.count(got.ids[q * got.k + i]);
  }
  return static_cast<double>(hits) / static_cast<double>(got.queries * got.k);
}

inline KnnResult search(Backend& backend, Metric metric, Precision precision, const Data& base,
                 const std::vector<float>& queries, std::size_t k,
                 const std::vector<int64_t>* allowed = nullptr) {
  auto uploaded = backend.upload({kDim, metric, precision}, base.rows, base.ids);
  if (!uploaded) BOOST_FAIL(uploaded.error().message);
  auto found = backend.knn(**uploaded, queries, k, allowed);
  if (!found) BOOST_FAIL(found.error().message);
  return std::move(*found);
}

}  // namespace ds::kernels::testing
