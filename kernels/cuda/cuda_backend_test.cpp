// The gpu suite: every CUDA kNN path against the CPU backend and the naive
// reference (fp32 and tf32, bf16, fp16; l2, ip, cosine; k up to kMaxK;
// filters; the pool's statistics). Without a usable device it exits 77,
// which meson reports as skipped, and says why.
#define BOOST_TEST_MODULE kernels_cuda_backend
#include "kernels/cuda/cuda_backend.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>

#include <boost/test/unit_test.hpp>

#include "kernels/cpu/cpu_backend.hpp"
#include "kernels/mixed_precision.hpp"
#include "kernels/testing/knn_reference.hpp"
#include "kernels/testing/random_tables.hpp"

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
  for (auto metric : kMetrics) {
    auto ref = reference(metric, base, queries);
    for (std::size_t k : {std::size_t{1}, std::size_t{10}, std::size_t{100}}) {
      BOOST_TEST_CONTEXT("metric " << static_cast<int>(metric) << " k " << k) {
        auto got = search(*backend, metric, Precision::fp32, base, queries, k);
        expect_exact(got, ref, 1e-3);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(a_tile_of_many_chunks_answers_as_the_cpu) {
  // 300000 rows and a few queries: one tile of 37 chunks, whose picks the
  // merge selects from (k up to 1024: 38 x 1024 entries).
  auto backend = gpu();
  auto cpu_backend = cpu::make_cpu_backend();
  auto base = random_rows(300000, 34);
  auto queries = random_rows(3, 35).rows;
  for (auto metric : {Metric::l2, Metric::ip})
    for (std::size_t k : {std::size_t{1}, std::size_t{100}, kMaxK}) {
      BOOST_TEST_CONTEXT("metric " << static_cast<int>(metric) << " k " << k) {
        auto got = search(*backend, metric, Precision::fp32, base, queries, k);
        auto want = search(*cpu_backend, metric, Precision::fp32, base, queries, k);
        std::size_t same = 0;
        for (std::size_t i = 0; i < got.ids.size(); ++i) {
          same += got.ids[i] == want.ids[i];
          BOOST_TEST(got.scores[i] == want.scores[i], boost::test_tools::tolerance(1e-4f));
        }
        // Products summed in another order may swap near-equal neighbours.
        BOOST_TEST(static_cast<double>(same) / static_cast<double>(got.ids.size()) >= 0.99);
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

BOOST_AUTO_TEST_CASE(ties_go_to_the_lower_row_as_on_the_cpu) {
  // Several chunks and, at 1100 queries, two tiles.
  auto backend = gpu();
  auto cpu_backend = cpu::make_cpu_backend();
  auto base = tied_rows(70000, 32);
  auto queries = small_integers(1100, 33);
  for (auto metric : {Metric::l2, Metric::ip})
    for (std::size_t k : {std::size_t{10}, std::size_t{300}}) {
      BOOST_TEST_CONTEXT("metric " << static_cast<int>(metric) << " k " << k) {
        auto got = search(*backend, metric, Precision::fp32, base, queries, k);
        auto want = search(*cpu_backend, metric, Precision::fp32, base, queries, k);
        BOOST_TEST(got.ids == want.ids);
        BOOST_TEST(got.scores == want.scores);
      }
    }
}

BOOST_AUTO_TEST_CASE(an_edited_base_answers_as_a_fresh_upload_of_its_rows) {
  auto backend = gpu();
  expect_updates_match_a_fresh_upload(*backend);  // its growth, moves and writes on the device
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

namespace {

TrainBatch random_batch(uint64_t entities, uint64_t relations, bool heads) {
  std::mt19937 rng(heads ? 7 : 8);
  std::uniform_int_distribution<uint32_t> entity(0, static_cast<uint32_t>(entities - 1));
  std::uniform_int_distribution<uint32_t> relation(0, static_cast<uint32_t>(relations - 1));
  TrainBatch batch;
  batch.chunk_size = 16;
  batch.negatives_per_chunk = 24;
  batch.corrupt_heads = heads;
  for (int i = 0; i < 64; ++i)
    batch.positives.push_back({entity(rng), relation(rng), entity(rng)});
  for (int i = 0; i < 4 * 24; ++i)
    batch.negatives.push_back(entity(rng));
  return batch;
}

constexpr ScoreModel kModels[] = {ScoreModel::transe_l1, ScoreModel::transe_l2,
                                  ScoreModel::distmult, ScoreModel::complex, ScoreModel::rotate};

/// The same tables on both backends and a batch's gradients on each; the
/// losses and the rows touched must agree.
struct OnBoth {
  std::unique_ptr<EmbeddingTables> gpu_tables, cpu_tables;
  Gradients gpu, cpu;
};

OnBoth gradients_on_both(Backend& gpu_backend, Backend& cpu_backend, const Tables& t,
                         const TrainBatch& batch, const TrainOptions& options) {
  auto on_gpu = gpu_backend.upload_tables(t.spec, t.entities, t.relations);
  auto on_cpu = cpu_backend.upload_tables(t.spec, t.entities, t.relations);
  if (!on_gpu) BOOST_FAIL(on_gpu.error().message);
  if (!on_cpu) BOOST_FAIL(on_cpu.error().message);
  auto a = gpu_backend.gradients(**on_gpu, batch, options);
  auto b = cpu_backend.gradients(**on_cpu, batch, options);
  if (!a) BOOST_FAIL(a.error().message);
  if (!b) BOOST_FAIL(b.error().message);
  BOOST_TEST(a->loss == b->loss, boost::test_tools::tolerance(1e-4));
  BOOST_TEST(a->entity_rows == b->entity_rows);
  return {std::move(*on_gpu), std::move(*on_cpu), std::move(*a), std::move(*b)};
}

}  // namespace

BOOST_AUTO_TEST_CASE(embedding_scores_and_tail_predictions_match_the_cpu) {
  auto backend = gpu();
  auto cpu_backend = cpu::make_cpu_backend();
  for (auto model : kModels) {
    BOOST_TEST_CONTEXT(to_string(model)) {
      auto t = random_tables(model, 32, 3000, 5, 31);
      auto on_gpu = backend->upload_tables(t.spec, t.entities, t.relations);
      auto on_cpu = cpu_backend->upload_tables(t.spec, t.entities, t.relations);
      BOOST_REQUIRE(on_gpu.ok());
      BOOST_REQUIRE(on_cpu.ok());
      std::vector<Triple> triples{{1, 0, 2}, {2999, 4, 0}, {17, 2, 17}};
      auto a = backend->score(**on_gpu, triples);
      auto b = cpu_backend->score(**on_cpu, triples);
      BOOST_REQUIRE(a.ok());
      for (std::size_t i = 0; i < triples.size(); ++i)
        BOOST_TEST((*a)[i] == (*b)[i], boost::test_tools::tolerance(1e-4f));
      auto ranked_gpu = backend->predict_tails(**on_gpu, triples, 10);
      auto ranked_cpu = cpu_backend->predict_tails(**on_cpu, triples, 10);
      BOOST_REQUIRE(ranked_gpu.ok());
      BOOST_TEST(ranked_gpu->ids == ranked_cpu->ids);
      std::vector<uint32_t> candidates{5, 50, 500, 2500};
      auto among = backend->predict_tails(**on_gpu, triples, 6, &candidates);
      auto among_cpu = cpu_backend->predict_tails(**on_cpu, triples, 6, &candidates);
      BOOST_REQUIRE(among.ok());
      BOOST_TEST(among->ids == among_cpu->ids);
    }
  }
}

BOOST_AUTO_TEST_CASE(training_gradients_and_steps_match_the_cpu_fused_and_unfused) {
  auto backend = gpu();
  auto cpu_backend = cpu::make_cpu_backend();
  for (auto model : kModels)
    for (bool heads : {false, true})
      for (bool fused : {true, false}) {
        BOOST_TEST_CONTEXT(to_string(model)
                           << (heads ? " heads" : " tails") << (fused ? " fused" : " unfused")) {
          auto t = random_tables(model, 32, 200, 5, 31);
          auto batch = random_batch(200, 5, heads);
          TrainOptions options;
          options.fused = fused;
          auto both = gradients_on_both(*backend, *cpu_backend, t, batch, options);
          const auto &a = both.gpu, &b = both.cpu;
          for (std::size_t i = 0; i < a.entity_grads.size(); ++i)
            BOOST_TEST(std::abs(a.entity_grads[i] - b.entity_grads[i]) <= 1e-5f);
          for (std::size_t i = 0; i < a.relation_grads.size(); ++i)
            BOOST_TEST(std::abs(a.relation_grads[i] - b.relation_grads[i]) <= 1e-5f);
          auto step_gpu = backend->train_step(*both.gpu_tables, batch, options);
          auto step_cpu = cpu_backend->train_step(*both.cpu_tables, batch, options);
          BOOST_REQUIRE(step_gpu.ok());
          std::vector<float> eg, rg, ec, rc;
          BOOST_REQUIRE(backend->download_tables(*both.gpu_tables, eg, rg).ok());
          BOOST_REQUIRE(cpu_backend->download_tables(*both.cpu_tables, ec, rc).ok());
          for (std::size_t i = 0; i < eg.size(); ++i)
            BOOST_TEST(std::abs(eg[i] - ec[i]) <= 1e-4f);
        }
      }
}

BOOST_AUTO_TEST_CASE(sixteen_bit_steps_match_the_cpu_and_an_fp16_overflow_is_skipped) {
  auto backend = gpu();
  auto cpu_backend = cpu::make_cpu_backend();
  for (auto model : kModels)
    for (auto precision : {Precision::bf16, Precision::fp16})
      for (bool fused : {true, false}) {
        BOOST_TEST_CONTEXT(to_string(model)
                           << " " << to_string(precision) << (fused ? " fused" : " unfused")) {
          auto t = random_tables(model, 32, 200, 5, 31);
          t.spec.precision = precision;
          auto batch = random_batch(200, 5, false);
          TrainOptions options;
          options.fused = fused;
          auto both = gradients_on_both(*backend, *cpu_backend, t, batch, options);
          const auto &a = both.gpu, &b = both.cpu;
          // The same rounded inputs; sums in another order may round to a
          // neighbouring 16-bit value.
          for (std::size_t i = 0; i < a.entity_grads.size(); ++i)
            BOOST_TEST(std::abs(a.entity_grads[i] - b.entity_grads[i]) <=
                       1e-6f + 1e-2f * std::abs(b.entity_grads[i]));
        }
      }
  // fp16 DistMult over rows of 300s overflows at the initial scale, as on
  // the CPU: skipped, tables unchanged, the scale halved.
  auto t = random_tables(ScoreModel::distmult, 32, 200, 5, 31);
  std::fill(t.entities.begin(), t.entities.end(), 300.0f);
  std::fill(t.relations.begin(), t.relations.end(), 300.0f);
  t.spec.precision = Precision::fp16;
  auto tables = backend->upload_tables(t.spec, t.entities, t.relations);
  BOOST_REQUIRE(tables.ok());
  auto batch = random_batch(200, 5, false);
  auto first = backend->train_step(**tables, batch, TrainOptions{});
  auto second = backend->train_step(**tables, batch, TrainOptions{});
  BOOST_REQUIRE(first.ok());
  BOOST_REQUIRE(second.ok());
  BOOST_TEST(first->skipped);
  BOOST_TEST(first->loss_scale == LossScale::kInitial);
  BOOST_TEST(second->loss_scale == LossScale::kInitial / 2);
  std::vector<float> entities, relations;
  BOOST_REQUIRE(backend->download_tables(**tables, entities, relations).ok());
  BOOST_TEST((entities == t.entities));
}

BOOST_AUTO_TEST_CASE(a_fused_step_takes_less_device_memory_than_an_unfused_one) {
  auto backend = gpu();
  auto t = random_tables(ScoreModel::transe_l2, 128, 10000, 10, 31);
  auto batch = random_batch(10000, 10, false);
  auto tables = backend->upload_tables(t.spec, t.entities, t.relations);
  BOOST_REQUIRE(tables.ok());
  TrainOptions fused, unfused;
  unfused.fused = false;
  auto a = backend->train_step(**tables, batch, fused);
  auto b = backend->train_step(**tables, batch, unfused);
  BOOST_REQUIRE(a.ok());
  BOOST_REQUIRE(b.ok());
  BOOST_TEST(a->peak_work_bytes < b->peak_work_bytes);
}
