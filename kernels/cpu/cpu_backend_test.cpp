#define BOOST_TEST_MODULE kernels_cpu_backend
#include "kernels/cpu/cpu_backend.hpp"

#include <cmath>
#include <set>

#include <boost/test/unit_test.hpp>

#include "kernels/half.hpp"
#include "kernels/testing/knn_reference.hpp"

using namespace ds;
using namespace ds::kernels;
using namespace ds::kernels::testing;

BOOST_AUTO_TEST_CASE(fp32_search_returns_the_reference_neighbours_for_every_metric) {
  // More rows than one GEMM block (16384) and more queries than one query
  // block (256), so block edges are crossed.
  auto base = random_rows(20000, 1);
  auto queries = random_rows(300, 2).rows;
  auto backend = cpu::make_cpu_backend();
  for (auto metric : {Metric::l2, Metric::ip, Metric::cosine}) {
    BOOST_TEST_CONTEXT("metric " << static_cast<int>(metric)) {
      auto got = search(*backend, metric, Precision::fp32, base, queries, 10);
      expect_exact(got, reference(metric, base, queries), 1e-3);
    }
  }
}

BOOST_AUTO_TEST_CASE(ties_go_to_the_lower_row) {
  // The gpu suite holds the CUDA backend to the same answers.
  auto base = tied_rows(20000, 5);
  auto queries = small_integers(40, 6);
  auto backend = cpu::make_cpu_backend();
  for (auto metric : {Metric::l2, Metric::ip}) {
    auto ref = reference(metric, base, queries);
    BOOST_TEST_CONTEXT("metric " << static_cast<int>(metric)) {
      auto got = search(*backend, metric, Precision::fp32, base, queries, 300);
      for (std::size_t q = 0; q < got.queries; ++q)
        for (std::size_t i = 0; i < got.k; ++i) {
          BOOST_TEST(got.ids[q * got.k + i] == ref.ranked[q][i].second);
          BOOST_TEST(got.scores[q * got.k + i] == ref.ranked[q][i].first);
        }
    }
  }
}

BOOST_AUTO_TEST_CASE(sixteen_bit_bases_keep_recall_at_ten_of_at_least_0_99) {
  auto base = random_rows(20000, 3);
  auto queries = random_rows(200, 4).rows;
  auto backend = cpu::make_cpu_backend();
  for (auto metric : {Metric::l2, Metric::ip, Metric::cosine}) {
    auto ref = reference(metric, base, queries);
    for (auto precision : {Precision::bf16, Precision::fp16}) {
      auto got = search(*backend, metric, precision, base, queries, 10);
      BOOST_TEST_CONTEXT("metric " << static_cast<int>(metric) << " " << to_string(precision)) {
        BOOST_TEST(recall(got, ref) >= 0.99);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(a_16_bit_base_takes_half_the_memory_of_fp32) {
  auto base = random_rows(1000, 5);
  auto backend = cpu::make_cpu_backend();
  auto fp32 = backend->upload({kDim, Metric::ip, Precision::fp32}, base.rows, base.ids);
  auto bf16 = backend->upload({kDim, Metric::ip, Precision::bf16}, base.rows, base.ids);
  BOOST_REQUIRE(fp32.ok());
  BOOST_REQUIRE(bf16.ok());
  auto ids = base.ids.size() * sizeof(int64_t);
  BOOST_TEST(((*bf16)->bytes() - ids) * 2 == (*fp32)->bytes() - ids);
  BOOST_TEST(backend->pool_stats().in_use_bytes == (*fp32)->bytes() + (*bf16)->bytes());
  fp32->reset();
  BOOST_TEST(backend->pool_stats().in_use_bytes == (*bf16)->bytes());
  BOOST_TEST(backend->pool_stats().peak_in_use_bytes > (*bf16)->bytes());
}

BOOST_AUTO_TEST_CASE(the_largest_k_is_answered_in_order) {
  auto base = random_rows(3000, 6);
  auto queries = random_rows(3, 7).rows;
  auto backend = cpu::make_cpu_backend();
  auto got = search(*backend, Metric::l2, Precision::fp32, base, queries, kMaxK);
  expect_exact(got, reference(Metric::l2, base, queries), 1e-3);
}

BOOST_AUTO_TEST_CASE(a_filter_answers_only_allowed_ids_and_pads_when_they_run_out) {
  auto base = random_rows(500, 8);
  auto queries = random_rows(2, 9).rows;
  std::vector<int64_t> allowed{base.ids[7], base.ids[100], base.ids[499], 4};  // 4: no such id
  auto backend = cpu::make_cpu_backend();
  auto got = search(*backend, Metric::l2, Precision::fp32, base, queries, 5, &allowed);
  for (std::size_t q = 0; q < 2; ++q) {
    std::set<int64_t> found(got.ids.begin() + q * 5, got.ids.begin() + q * 5 + 3);
    BOOST_TEST((found == std::set<int64_t>{base.ids[7], base.ids[100], base.ids[499]}));
    BOOST_TEST(got.ids[q * 5 + 3] == -1);
    BOOST_TEST(std::isinf(got.scores[q * 5 + 4]));
  }
}

BOOST_AUTO_TEST_CASE(k_above_the_base_pads_with_minus_one_and_the_worst_score) {
  auto base = random_rows(3, 10);
  auto queries = random_rows(1, 11).rows;
  auto backend = cpu::make_cpu_backend();
  auto got = search(*backend, Metric::ip, Precision::fp32, base, queries, 5);
  BOOST_TEST(got.ids[2] != -1);
  BOOST_TEST(got.ids[3] == -1);
  BOOST_TEST(got.scores[4] == -std::numeric_limits<float>::infinity());
}

BOOST_AUTO_TEST_CASE(bad_requests_are_refused_with_the_field_named) {
  auto base = random_rows(10, 12);
  auto backend = cpu::make_cpu_backend();
  auto uploaded = backend->upload({kDim, Metric::l2, Precision::fp32}, base.rows, base.ids);
  BOOST_REQUIRE(uploaded.ok());
  std::vector<float> query(kDim, 0.5f);
  for (std::size_t k : {std::size_t{0}, kMaxK + 1}) {
    auto refused = backend->knn(**uploaded, query, k);
    BOOST_REQUIRE(!refused.ok());
    BOOST_TEST(refused.error().message.find("k: expected 1..1024") != std::string::npos);
  }
  auto ragged = backend->knn(**uploaded, std::vector<float>(kDim + 1), 1);
  BOOST_REQUIRE(!ragged.ok());
  BOOST_TEST(ragged.error().message.find("queries:") == 0u);

  auto twice = base.ids;
  twice[3] = twice[4];
  auto duplicate = backend->upload({kDim, Metric::l2, Precision::fp32}, base.rows, twice);
  BOOST_REQUIRE(!duplicate.ok());
  BOOST_TEST(duplicate.error().message.find("appears twice") != std::string::npos);
  auto short_rows = backend->upload({kDim, Metric::l2, Precision::fp32},
                                    std::span(base.rows).first(kDim * 9), base.ids);
  BOOST_TEST(!short_rows.ok());
}

BOOST_AUTO_TEST_CASE(sixteen_bit_conversions_round_to_nearest_even) {
  BOOST_TEST(to_float(to_bf16(1.0f)) == 1.0f);
  // 1 + 2^-8 lies halfway between bf16's 1 and 1 + 2^-7: ties go to even (1).
  BOOST_TEST(to_float(to_bf16(1.0f + 0x1p-8f)) == 1.0f);
  BOOST_TEST(to_float(to_bf16(1.0f + 0x1p-8f + 0x1p-12f)) == 1.0f + 0x1p-7f);
  BOOST_TEST(std::isnan(to_float(to_bf16(std::nanf("")))));
  BOOST_TEST(to_float(to_fp16(1.0f + 0x1p-11f)) == 1.0f);  // halfway, to even
  BOOST_TEST(to_float(to_fp16(65504.0f)) == 65504.0f);     // fp16's largest
  BOOST_TEST(std::isinf(to_float(to_fp16(1e6f))));
}

BOOST_AUTO_TEST_CASE(precision_names_parse_and_auto_resolves_by_capability) {
  BOOST_TEST((*parse_precision("bf16") == Precision::bf16));
  BOOST_TEST((*parse_precision("auto") == Precision::automatic));
  auto bad = parse_precision("fp8");
  BOOST_REQUIRE(!bad.ok());
  BOOST_TEST(bad.error().message.find("fp32, tf32, bf16, fp16 or auto") != std::string::npos);
  BOOST_TEST((resolve(Precision::automatic, 9) == Precision::bf16));
  BOOST_TEST((resolve(Precision::automatic, 7) == Precision::fp32));
  BOOST_TEST((resolve(Precision::fp16, 7) == Precision::fp16));
}

BOOST_AUTO_TEST_CASE(an_edited_base_answers_as_a_fresh_upload_of_its_rows) {
  auto backend = cpu::make_cpu_backend();
  expect_updates_match_a_fresh_upload(*backend);
}
