#define BOOST_TEST_MODULE kernels_cpu_embeddings
#include <algorithm>
#include <cmath>
#include <random>

#include <boost/test/unit_test.hpp>

#include "kernels/cpu/cpu_backend.hpp"
#include "kernels/mixed_precision.hpp"
#include "kernels/score_math.hpp"
#include "kernels/testing/random_tables.hpp"

using namespace ds;
using namespace ds::kernels;
using ds::kernels::testing::random_tables;
using ds::kernels::testing::Tables;

namespace {

constexpr ScoreModel kModels[] = {ScoreModel::transe_l1, ScoreModel::transe_l2,
                                  ScoreModel::distmult, ScoreModel::complex, ScoreModel::rotate};

/// 2 chunks of 3 positives, 4 negatives each; fixed rows.
TrainBatch small_batch(bool corrupt_heads) {
  TrainBatch b;
  b.positives = {{0, 0, 1}, {2, 1, 3}, {4, 2, 5}, {1, 0, 6}, {7, 1, 2}, {3, 2, 8}};
  b.chunk_size = 3;
  b.negatives_per_chunk = 4;
  b.negatives = {9, 10, 11, 0, 5, 6, 12, 13};
  b.corrupt_heads = corrupt_heads;
  return b;
}

std::unique_ptr<EmbeddingTables> upload(Backend& backend, const Tables& t) {
  auto made = backend.upload_tables(t.spec, t.entities, t.relations);
  if (!made) BOOST_FAIL(made.error().message);
  return std::move(*made);
}

double loss_of(Backend& backend, const Tables& t, const TrainBatch& batch,
               const TrainOptions& options) {
  auto tables = upload(backend, t);
  auto g = backend.gradients(*tables, batch, options);
  if (!g) BOOST_FAIL(g.error().message);
  return g->loss;
}

}  // namespace

BOOST_AUTO_TEST_CASE(scores_follow_each_model_definition) {
  // h = (1, 2), r = (0.5, -1), t = (1, 1): by hand.
  auto backend = cpu::make_cpu_backend();
  std::vector<Triple> one{{0, 0, 1}};
  auto score = [&](ScoreModel model, std::vector<float> relation) {
    EmbeddingSpec spec{model, 2, 2, 1, 4.0f};
    auto tables = backend->upload_tables(spec, std::vector<float>{1, 2, 1, 1}, relation);
    BOOST_REQUIRE(tables.ok());
    return (*backend->score(**tables, one))[0];
  };
  BOOST_TEST(score(ScoreModel::transe_l1, {0.5f, -1}) == 4.0f - 0.5f);  // |0.5| + |0|
  BOOST_TEST(score(ScoreModel::transe_l2, {0.5f, -1}) == 4.0f - 0.5f);
  BOOST_TEST(score(ScoreModel::distmult, {0.5f, -1}) == 0.5f - 2.0f);
  // ComplEx: h = 1 + 2i, r = 0.5 - i, t = 1 + i: Re(h r conj(t)) = Re((2.5 + 0i)(1 - i)) = 2.5.
  BOOST_TEST(score(ScoreModel::complex, {0.5f, -1}) == 2.5f, boost::test_tools::tolerance(1e-6f));
  // RotatE: h = 1 + 2i rotated by pi/2 is -2 + i; minus t = -3 + 0i: distance 3.
  BOOST_TEST(score(ScoreModel::rotate, {static_cast<float>(M_PI / 2)}) == 1.0f,
             boost::test_tools::tolerance(1e-5f));
}

BOOST_AUTO_TEST_CASE(gradients_match_finite_differences_for_every_model_and_loss) {
  auto backend = cpu::make_cpu_backend();
  for (auto model : kModels)
    for (auto loss : {Loss::logsigmoid, Loss::margin})
      for (bool heads : {false, true}) {
        BOOST_TEST_CONTEXT(to_string(model) << (loss == Loss::margin ? " margin" : " logsigmoid")
                                            << (heads ? " heads" : " tails")) {
          auto t = random_tables(model, 8, 14, 3, 40 + static_cast<int>(model));
          auto batch = small_batch(heads);
          TrainOptions options;
          options.loss = loss;
          options.margin = 4.0f;  // most pairs violate it: gradients flow
          auto tables = upload(*backend, t);
          auto g = backend->gradients(*tables, batch, options);
          BOOST_REQUIRE(g.ok());
          const float eps = 1e-3f;
          auto check = [&](std::vector<float>& values, std::size_t at, float analytic) {
            float kept = values[at];
            values[at] = kept + eps;
            double up = loss_of(*backend, t, batch, options);
            values[at] = kept - eps;
            double down = loss_of(*backend, t, batch, options);
            values[at] = kept;
            double numeric = (up - down) / (2 * eps);
            BOOST_TEST(std::abs(numeric - analytic) <= 2e-3 + 0.02 * std::abs(numeric));
          };
          const uint32_t d = t.spec.dim, rd = t.spec.relation_dim();
          for (std::size_t i = 0; i < g->entity_rows.size(); ++i)
            for (uint32_t c = 0; c < d; ++c)
              check(t.entities, g->entity_rows[i] * d + c, g->entity_grads[i * d + c]);
          for (std::size_t i = 0; i < g->relation_rows.size(); ++i)
            for (uint32_t c = 0; c < rd; ++c)
              check(t.relations, g->relation_rows[i] * rd + c, g->relation_grads[i * rd + c]);
        }
      }
}

BOOST_AUTO_TEST_CASE(fused_and_unfused_steps_agree_and_fused_takes_less_memory) {
  auto backend = cpu::make_cpu_backend();
  for (auto model : kModels) {
    BOOST_TEST_CONTEXT(to_string(model)) {
      auto t = random_tables(model, 16, 14, 3, 60);
      auto fused_tables = upload(*backend, t);
      auto unfused_tables = upload(*backend, t);
      TrainOptions fused, unfused;
      unfused.fused = false;
      auto batch = small_batch(false);
      for (int step = 0; step < 3; ++step) {
        auto a = backend->train_step(*fused_tables, batch, fused);
        auto b = backend->train_step(*unfused_tables, batch, unfused);
        BOOST_REQUIRE(a.ok());
        BOOST_REQUIRE(b.ok());
        BOOST_TEST(a->loss == b->loss, boost::test_tools::tolerance(1e-5));
        BOOST_TEST(a->peak_work_bytes < b->peak_work_bytes);
        BOOST_TEST(a->rows_updated == 14u + 3u);
      }
      std::vector<float> ea, ra, eb, rb;
      BOOST_REQUIRE(backend->download_tables(*fused_tables, ea, ra).ok());
      BOOST_REQUIRE(backend->download_tables(*unfused_tables, eb, rb).ok());
      for (std::size_t i = 0; i < ea.size(); ++i)
        BOOST_TEST(ea[i] == eb[i], boost::test_tools::tolerance(1e-4f));
      BOOST_TEST(ea != t.entities);  // the step changed them
    }
  }
}

BOOST_AUTO_TEST_CASE(sixteen_bit_steps_compute_on_rounded_rows_near_fp32) {
  auto backend = cpu::make_cpu_backend();
  for (auto model : kModels)
    for (auto precision : {Precision::bf16, Precision::fp16})
      for (bool fused : {true, false}) {
        BOOST_TEST_CONTEXT(to_string(model)
                           << " " << to_string(precision) << (fused ? " fused" : " unfused")) {
          auto t = random_tables(model, 16, 14, 3, 70);
          auto batch = small_batch(false);
          TrainOptions options;
          options.fused = fused;
          auto exact = backend->gradients(*upload(*backend, t), batch, options);
          t.spec.precision = precision;
          auto rounded = backend->gradients(*upload(*backend, t), batch, options);
          BOOST_REQUIRE(exact.ok());
          BOOST_REQUIRE(rounded.ok());
          BOOST_TEST(!rounded->overflow);
          BOOST_TEST(rounded->entity_rows == exact->entity_rows);
          BOOST_TEST(rounded->relation_rows == exact->relation_rows);
          BOOST_TEST(rounded->loss == exact->loss, boost::test_tools::tolerance(1e-2));
          float largest = 0;
          for (float g : exact->entity_grads)
            largest = std::max(largest, std::abs(g));
          std::size_t differ = 0, far = 0;
          for (std::size_t i = 0; i < exact->entity_grads.size(); ++i) {
            far += std::abs(rounded->entity_grads[i] - exact->entity_grads[i]) > 0.03f * largest;
            differ += rounded->entity_grads[i] != exact->entity_grads[i];
          }
          BOOST_TEST(differ > 0u);  // the step did round
          // TransE L1's gradient is a sign: rounding flips the near-zero ones.
          BOOST_TEST(far <= (model == ScoreModel::transe_l1 ? differ / 10 : 0u));
        }
      }
}

BOOST_AUTO_TEST_CASE(an_fp16_overflow_skips_the_step_and_halves_the_loss_scale) {
  // DistMult over rows of 300s: gradients in the thousands, past fp16's
  // 65504 at the initial scale; the scale halves until they fit.
  auto backend = cpu::make_cpu_backend();
  auto t = random_tables(ScoreModel::distmult, 4, 14, 3, 80);
  for (auto& v : t.entities)
    v = 300.0f;
  for (auto& v : t.relations)
    v = 300.0f;  // 300 is exact in fp16: the fp32 gradients are the same
  auto batch = small_batch(false);
  auto exact = backend->gradients(*upload(*backend, t), batch, TrainOptions{});
  BOOST_REQUIRE(exact.ok());
  float largest = 0;
  for (float g : exact->entity_grads)
    largest = std::max(largest, std::abs(g));
  t.spec.precision = Precision::fp16;
  auto tables = upload(*backend, t);
  float scale = LossScale::kInitial;
  int skipped = 0;
  for (int step = 0; step < 20; ++step) {
    auto result = backend->train_step(*tables, batch, TrainOptions{});
    BOOST_REQUIRE(result.ok());
    BOOST_TEST(result->loss_scale == scale);
    std::vector<float> entities, relations;
    BOOST_REQUIRE(backend->download_tables(*tables, entities, relations).ok());
    if (!result->skipped) {
      BOOST_TEST(entities != t.entities);  // applied at last, at a scale that fits
      BOOST_TEST(largest * result->loss_scale <= 65504.0f);
      BOOST_TEST(largest * result->loss_scale * 2 > 65504.0f);
      break;
    }
    ++skipped;
    BOOST_TEST(entities == t.entities);  // a skipped step changes nothing
    BOOST_TEST(result->rows_updated == 0u);
    scale /= 2;
  }
  BOOST_TEST(skipped > 0);
}

BOOST_AUTO_TEST_CASE(training_separates_true_triples_from_corrupted_ones) {
  // A chain of 20: entity e's "next" is e+1, e+1's "prev" is e (a chain,
  // not a ring: TransE cannot close a cycle). After training, each true
  // tail ranks in the top 3 for its (head, relation).
  auto backend = cpu::make_cpu_backend();
  for (auto model : {ScoreModel::transe_l2, ScoreModel::rotate, ScoreModel::complex}) {
    BOOST_TEST_CONTEXT(to_string(model)) {
      const uint32_t n = 20;
      auto t = random_tables(model, 16, n, 2, 70);
      auto tables = upload(*backend, t);
      std::mt19937 rng(5);
      std::uniform_int_distribution<uint32_t> any(0, n - 1);
      std::vector<Triple> truth;
      for (uint32_t e = 0; e + 1 < n; ++e) {
        truth.push_back({e, 0, e + 1});
        truth.push_back({e + 1, 1, e});
      }
      std::uniform_int_distribution<std::size_t> any_truth(0, truth.size() - 1);
      TrainOptions options;
      options.learning_rate = 0.1f;
      double first = 0, last = 0;
      for (int step = 0; step < 1000; ++step) {
        TrainBatch batch;
        batch.chunk_size = 8;
        batch.negatives_per_chunk = 8;
        batch.corrupt_heads = step % 2 == 1;
        for (int i = 0; i < 16; ++i)
          batch.positives.push_back(truth[any_truth(rng)]);
        for (int i = 0; i < 16; ++i)
          batch.negatives.push_back(any(rng));
        auto result = backend->train_step(*tables, batch, options);
        BOOST_REQUIRE(result.ok());
        (step == 0 ? first : last) = result->loss;
      }
      BOOST_TEST(last < first);
      auto ranked = backend->predict_tails(*tables, truth, 3);
      BOOST_REQUIRE(ranked.ok());
      std::size_t hits = 0;
      for (std::size_t q = 0; q < truth.size(); ++q)
        for (std::size_t i = 0; i < 3; ++i)
          hits += ranked->ids[q * 3 + i] == truth[q].tail;
      BOOST_TEST(hits >= truth.size() * 9 / 10);  // hits@3 >= 0.9
    }
  }
}

BOOST_AUTO_TEST_CASE(tail_prediction_ranks_by_score_over_all_or_the_candidates) {
  auto backend = cpu::make_cpu_backend();
  auto t = random_tables(ScoreModel::distmult, 8, 50, 2, 80);
  auto tables = upload(*backend, t);
  std::vector<Triple> queries{{3, 1, 0}, {7, 0, 0}};
  auto ranked = backend->predict_tails(*tables, queries, 5);
  BOOST_REQUIRE(ranked.ok());
  for (std::size_t q = 0; q < 2; ++q) {
    std::vector<Triple> all;
    for (uint32_t e = 0; e < 50; ++e)
      all.push_back({queries[q].head, queries[q].relation, e});
    auto scores = *backend->score(*tables, all);
    std::vector<uint32_t> order(50);
    for (uint32_t e = 0; e < 50; ++e)
      order[e] = e;
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return scores[a] > scores[b]; });
    for (std::size_t i = 0; i < 5; ++i) {
      BOOST_TEST(ranked->ids[q * 5 + i] == order[i]);
      BOOST_TEST(ranked->scores[q * 5 + i] == scores[order[i]]);
    }
  }
  std::vector<uint32_t> candidates{4, 9, 33};
  auto among = backend->predict_tails(*tables, queries, 5, &candidates);
  BOOST_REQUIRE(among.ok());
  BOOST_TEST(among->ids[3] == -1);
  for (std::size_t i = 0; i < 3; ++i)
    BOOST_TEST((among->ids[i] == 4 || among->ids[i] == 9 || among->ids[i] == 33));
}

BOOST_AUTO_TEST_CASE(bad_tables_and_batches_are_refused_with_the_field_named) {
  auto backend = cpu::make_cpu_backend();
  auto odd = backend->upload_tables({ScoreModel::complex, 5, 3, 1}, std::vector<float>(15),
                                    std::vector<float>(5));
  BOOST_REQUIRE(!odd.ok());
  BOOST_TEST(odd.error().message.find("even width") != std::string::npos);
  auto short_table = backend->upload_tables({ScoreModel::distmult, 4, 3, 1}, std::vector<float>(11),
                                            std::vector<float>(4));
  BOOST_REQUIRE(!short_table.ok());
  BOOST_TEST(short_table.error().message.find("entities: expected 3 x 4") == 0u);

  auto t = random_tables(ScoreModel::transe_l2, 8, 14, 3, 90);
  auto tables = upload(*backend, t);
  auto batch = small_batch(false);
  batch.negatives.back() = 14;  // one past the table
  auto refused = backend->train_step(*tables, batch, {});
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.error().message == "negatives: entity row 14 is past the table's 14");
  std::vector<float> after, relations;
  BOOST_REQUIRE(backend->download_tables(*tables, after, relations).ok());
  BOOST_TEST(after == t.entities);  // nothing applied
  batch = small_batch(false);
  batch.chunk_size = 4;
  BOOST_TEST(!backend->train_step(*tables, batch, {}).ok());
  BOOST_TEST(!backend->predict_tails(*tables, std::vector<Triple>{{0, 5, 0}}, 3).ok());
}
