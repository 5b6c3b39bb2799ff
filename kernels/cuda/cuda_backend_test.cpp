// The gpu suite: every CUDA kNN path against the CPU backend and the naive
// reference (fp32 and tf32, bf16, fp16; l2, ip, cosine; k up to kMaxK;
// filters; the pool's statistics). Without a usable device it exits 77,
// which meson reports as skipped, and says why.
#define BOOST_TEST_MODULE kernels_cuda_backend
#include "kernels/cuda/cuda_backend.hpp"

#include <cstdio>
#include <cstdlib>

#include <boost/test/unit_test.hpp>

#include "kernels/cpu/cpu_backend.hpp"
#include "kernels/testing/knn_reference.hpp"

using namespace ds;
using namespace ds::kernels;
using namespace ds::kernels::testing;

namespace {

std::unique_ptr<Backend> gpu() {
  auto count = cuda::device_count();
  if (!count) {
    std::printf("skipped: %s\n", count.error().message.c_str());
    std::exit(77);
  }
  auto backend = cuda::make_cuda_backend(0);
  if (!backend) BOOST_FAIL(backend.error().message);
  return std::move(*backend);
}

constexpr Metric kMetrics[] = {Metric::l2, Metric::ip, Metric::cosine};

}  // namespace

BOOST_AUTO_TEST_CASE(fp32_answers_what_the_cpu_and_the_reference_answer) {
  auto backend = gpu();
  auto base = random_rows(70000, 21);  // several GEMM tiles at 1024 queries
  auto queries = random_rows(1100, 22).rows;
  for (auto metric : kMetrics)
    for (std::size_t k : {std::size_t{1}, std::size_t{10}, std::size_t{100}}) {
      BOOST_TEST_CONTEXT("metric " << static_cast<int>(metric) << " k " << k) {
        auto got = search(*backend, metric, Precision::fp32, base, queries, k);
        expect_exact(got, reference(metric, base, queries), 1e-3);
      }
    }
}

BOOST_AUTO_TEST_CASE(k_of_1024_and_a_base_smaller_than_k_are_answered_in_order) {
  auto backend = gpu();
  auto base = random_rows(5000, 23);
  auto queries = random_rows(5, 24).rows;
  expect_exact(search(*backend, Metric::l2, Precision::fp32, base, queries, kMaxK),
               reference(Metric::l2, base, queries), 1e-3);
  auto small = random_rows(7, 25);
  auto padded = search(*backend, Metric::ip, Precision::fp32, small, queries, 10);
  auto cpu_padded =
      search(*cpu::make_cpu_backend(), Metric::ip, Precision::fp32, small, queries, 10);
  BOOST_TEST(padded.ids == cpu_padded.ids);
}

BOOST_AUTO_TEST_CASE(reduced_precisions_keep_recall_of_at_least_0_99) {
  auto backend = gpu();
  auto cpu_backend = cpu::make_cpu_backend();
  auto base = random_rows(40000, 26);
  auto queries = random_rows(300, 27).rows;
  for (auto metric : kMetrics) {
    auto ref = reference(metric, base, queries);
    for (auto precision : {Precision::tf32, Precision::bf16, Precision::fp16}) {
      BOOST_TEST_CONTEXT("metric " << static_cast<int>(metric) << " " << to_string(precision)) {
        auto got = search(*backend, metric, precision, base, queries, 10);
        BOOST_TEST(recall(got, ref) >= 0.99);
        // The CPU multiplies the very same rounded values.
        auto cpu = search(*cpu_backend, metric, precision, base, queries, 10);
        std::size_t same = 0;
        for (std::size_t i = 0; i < got.ids.size(); ++i)
          same += got.ids[i] == cpu.ids[i];
        BOOST_TEST(static_cast<double>(same) / static_cast<double>(got.ids.size()) >= 0.99);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(a_filter_gives_what_the_cpu_gives) {
  auto backend = gpu();
  auto base = random_rows(30000, 28);
  auto queries = random_rows(64, 29).rows;
  std::vector<int64_t> allowed;
  for (std::size_t i = 0; i < base.ids.size(); i += 7)
    allowed.push_back(base.ids[i]);
  auto got = search(*backend, Metric::l2, Precision::fp32, base, queries, 20, &allowed);
  auto want =
      search(*cpu::make_cpu_backend(), Metric::l2, Precision::fp32, base, queries, 20, &allowed);
  BOOST_TEST(got.ids == want.ids);
}

BOOST_AUTO_TEST_CASE(the_pool_reports_what_bases_hold_and_frees_on_their_end) {
  auto backend = gpu();
  auto base = random_rows(100000, 30);
  auto before = backend->pool_stats();
  auto uploaded = backend->upload({kDim, Metric::l2, Precision::fp32}, base.rows, base.ids);
  BOOST_REQUIRE(uploaded.ok());
  auto held = backend->pool_stats();
  BOOST_TEST(held.in_use_bytes >= before.in_use_bytes + (*uploaded)->bytes());
  BOOST_TEST(held.reserved_bytes >= held.in_use_bytes);
  uploaded->reset();
  auto after = backend->pool_stats();
  BOOST_TEST(after.in_use_bytes < held.in_use_bytes);
  BOOST_TEST(after.reserved_bytes >= held.in_use_bytes);  // kept for the next one
}
