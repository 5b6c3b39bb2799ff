#pragma once

// What the backend tests share: random bases, the naive kNN reference (each
// pair in double), and the two ways an answer is judged against it: exact
// up to ties, or by recall. Boost.Test assertions; include from tests only.

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <thread>
#include <unordered_map>
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

/// `n` values per dimension drawn from -2..2: every product and sum of
/// them is exact in fp32, so equal scores are true ties.
inline std::vector<float> small_integers(std::size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> value(-2, 2);
  std::vector<float> out(n * kDim);
  for (auto& v : out)
    v = static_cast<float>(value(rng));
  return out;
}

/// `n` rows cycling through 37 distinct small-integer rows, ids the row
/// numbers: a query's best scores are each shared by ~n/37 rows, and the
/// answer must take the lowest rows among equals.
inline Data tied_rows(std::size_t n, uint32_t seed) {
  auto patterns = small_integers(37, seed);
  Data data;
  for (std::size_t r = 0; r < n; ++r) {
    data.ids.push_back(static_cast<int64_t>(r));
    auto first = patterns.begin() + static_cast<std::ptrdiff_t>((r % 37) * kDim);
    data.rows.insert(data.rows.end(), first, first + kDim);
  }
  return data;
}

/// The naive reference: each pair in double, ranked by (score, row) to
/// kMaxK deep; the score as the backend reports it. Queries run on every
/// core: the gpu suite's sizes take minutes on one.
struct Reference {
  std::vector<std::vector<std::pair<double, int64_t>>> ranked;  // per query, best first
  std::unordered_map<int64_t, std::size_t> row_of;              // id -> row
  Metric metric;
  const Data* base;                   // the caller's, outliving this
  const std::vector<float>* queries;  // likewise

  double score_of(std::size_t query, int64_t id) const {
    return pair_score(metric, &(*queries)[query * kDim], &base->rows[row_of.at(id) * kDim]);
  }
};

inline void rank_query(Metric metric, const Data& base, const float* query,
                       std::vector<std::pair<double, int64_t>>& ranked) {
  const std::size_t n = base.ids.size();
  std::vector<std::pair<double, int64_t>> all(n);
  for (std::size_t r = 0; r < n; ++r) {
    double s = pair_score(metric, query, &base.rows[r * kDim]);
    all[r] = {metric == Metric::l2 ? s : -s, base.ids[r]};
  }
  const std::size_t depth = std::min(n, kMaxK);
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(depth), all.end());
  all.resize(depth);
  for (auto& [s, id] : all)
    if (metric != Metric::l2) s = -s;
  ranked = std::move(all);
}

inline Reference reference(Metric metric, const Data& base, const std::vector<float>& queries) {
  Reference out{{}, {}, metric, &base, &queries};
  const std::size_t nq = queries.size() / kDim;
  out.ranked.resize(nq);
  for (std::size_t r = 0; r < base.ids.size(); ++r)
    out.row_of[base.ids[r]] = r;
  const std::size_t workers = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> threads;
  for (std::size_t w = 0; w < workers; ++w)
    threads.emplace_back([&, w] {
      for (std::size_t q = w; q < nq; q += workers)
        rank_query(metric, base, &queries[q * kDim], out.ranked[q]);
    });
  for (auto& t : threads)
    t.join();
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
          BOOST_REQUIRE(ref.row_of.count(id));
          BOOST_TEST(std::abs(ref.score_of(q, id) - want_score) <= tolerance);
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

/// Edits a base of 3000 rows (removes 300 ids, 20 of them unknown; gives
/// 150 kept ids new rows; appends 400) and checks that every metric and
/// precision answers as a fresh upload of the final rows does.
inline void expect_updates_match_a_fresh_upload(Backend& backend) {
  auto base = random_rows(3000, 40);
  auto fresh_rows = random_rows(550, 41);  // 150 replacements, then 400 new
  auto queries = random_rows(50, 42).rows;
  std::vector<int64_t> removed;
  for (std::size_t i = 0; i < 280; ++i)
    removed.push_back(base.ids[i * 10]);
  for (int64_t i = 0; i < 20; ++i)
    removed.push_back(-1 - i);
  std::vector<int64_t> upserted;
  for (std::size_t i = 0; i < 150; ++i)
    upserted.push_back(base.ids[i * 10 + 5]);
  for (int64_t i = 0; i < 400; ++i)
    upserted.push_back(900000 + i);
  // The final rows, as one upload would have them.
  std::map<int64_t, std::vector<float>> final_rows;
  for (std::size_t r = 0; r < base.ids.size(); ++r)
    final_rows[base.ids[r]].assign(base.rows.begin() + r * kDim,
                                   base.rows.begin() + (r + 1) * kDim);
  for (auto id : removed)
    final_rows.erase(id);
  for (std::size_t i = 0; i < upserted.size(); ++i)
    final_rows[upserted[i]].assign(fresh_rows.rows.begin() + i * kDim,
                                   fresh_rows.rows.begin() + (i + 1) * kDim);
  Data final;
  for (auto& [id, row] : final_rows) {
    final.ids.push_back(id);
    final.rows.insert(final.rows.end(), row.begin(), row.end());
  }
  for (auto metric : {Metric::l2, Metric::ip, Metric::cosine})
    for (auto precision : {Precision::fp32, Precision::bf16}) {
      BOOST_TEST_CONTEXT("metric " << static_cast<int>(metric) << " " << to_string(precision)) {
        auto edited = backend.upload({kDim, metric, precision}, base.rows, base.ids);
        if (!edited) BOOST_FAIL(edited.error().message);
        auto ok = backend.update(**edited, removed, fresh_rows.rows, upserted);
        if (!ok) BOOST_FAIL(ok.error().message);
        BOOST_TEST((*edited)->size() == final.ids.size());
        auto got = backend.knn(**edited, queries, 20);
        auto want = search(backend, metric, precision, final, queries, 20);
        BOOST_REQUIRE(got.ok());
        BOOST_TEST(got->ids == want.ids);
        for (std::size_t i = 0; i < want.scores.size(); ++i)
          BOOST_TEST(got->scores[i] == want.scores[i], boost::test_tools::tolerance(1e-5f));
        std::vector<int64_t> only{upserted[0], upserted[200], removed[0]};
        auto filtered = backend.knn(**edited, queries, 5, &only);
        BOOST_REQUIRE(filtered.ok());
        BOOST_TEST(filtered->ids[0] != removed[0]);
        BOOST_TEST(filtered->ids[2] == -1);  // two of the three are there
      }
    }
  auto wrong = backend.upload({kDim, Metric::l2, Precision::fp32}, base.rows, base.ids);
  BOOST_REQUIRE(wrong.ok());
  std::vector<float> short_row(kDim - 1, 0.0f);
  std::vector<int64_t> one{7};
  auto refused = backend.update(**wrong, {}, short_row, one);
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.error().message.find("rows:") != std::string::npos);
  BOOST_TEST((*wrong)->size() == base.ids.size());  // as it was
}

}  // namespace ds::kernels::testing
