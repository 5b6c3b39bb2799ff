#include "bench/kernels/training.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

namespace ds::bench {
namespace {

using namespace ds::kernels;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

TrainBatch random_batch(const TrainingOptions& o, std::mt19937_64& rng, bool heads) {
  std::uniform_int_distribution<uint32_t> entity(0, static_cast<uint32_t>(o.entities - 1));
  std::uniform_int_distribution<uint32_t> relation(0, static_cast<uint32_t>(o.relations - 1));
  TrainBatch batch;
  batch.chunk_size = o.chunk;
  batch.negatives_per_chunk = o.negatives;
  batch.corrupt_heads = heads;
  for (uint32_t i = 0; i < o.batch; ++i)
    batch.positives.push_back({entity(rng), relation(rng), entity(rng)});
  for (uint32_t i = 0; i < o.batch / o.chunk * o.negatives; ++i)
    batch.negatives.push_back(entity(rng));
  return batch;
}

struct StepFigure {
  double triples_per_s = 0;
  uint64_t peak_bytes = 0;
  bool ok = false;
};

StepFigure time_steps(Backend& backend, EmbeddingTables& tables, const TrainingOptions& o,
                      bool fused) {
  std::mt19937_64 rng(17);
  TrainOptions train;
  train.fused = fused;
  StepFigure out;
  std::vector<double> seconds;
  for (int step = 0; step <= o.steps; ++step) {
    auto batch = random_batch(o, rng, step % 2 == 1);
    auto start = std::chrono::steady_clock::now();
    auto result = backend.train_step(tables, batch, train);
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    if (!result) {
      std::printf("    %s: %s\n", fused ? "fused" : "unfused", result.error().message.c_str());
      return out;
    }
    out.peak_bytes = std::max(out.peak_bytes, result->peak_work_bytes);
    if (step > 0) seconds.push_back(took.count());  // the first warms up
  }
  out.triples_per_s = o.batch / median(seconds);
  out.ok = true;
  return out;
}

}  // namespace

void run_training(Backend& backend, const TrainingOptions& o, nlohmann::json& report) {
  std::printf(
      "\n== %s: training steps, %lu entities x %u, batch %u, chunks of %u sharing %u "
      "negatives\n",
      backend.device().name.c_str(), static_cast<unsigned long>(o.entities), o.dim, o.batch,
      o.chunk, o.negatives);
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<float> value(-0.1f, 0.1f);
  for (const auto& name : o.models) {
    auto model = parse_score_model(name);
    if (!model) {
      std::printf("  %s\n", model.error().message.c_str());
      continue;
    }
    EmbeddingSpec spec{*model, o.dim, o.entities, o.relations, 12.0f};
    std::vector<float> entities(o.entities * o.dim), relations(o.relations * spec.relation_dim());
    for (auto& v : entities)
      v = value(rng);
    for (auto& v : relations)
      v = value(rng);
    double fp32_fused = 0;
    for (const auto& precision_name : o.precisions) {
      auto precision = parse_precision(precision_name);
      if (!precision) {
        std::printf("  %s\n", precision.error().message.c_str());
        continue;
      }
      spec.precision = *precision;
      StepFigure figures[2];
      for (bool fused : {false, true}) {
        auto tables = backend.upload_tables(spec, entities, relations);
        if (!tables) {
          std::printf("  %s: %s\n", name.c_str(), tables.error().message.c_str());
          break;
        }
        figures[fused] = time_steps(backend, **tables, o, fused);
      }
      const auto& unfused = figures[0];
      const auto& fused = figures[1];
      if (!fused.ok || !unfused.ok) continue;
      if (*precision == Precision::fp32) fp32_fused = fused.triples_per_s;
      std::printf(
          "  %-10s %-4s fused %9.0f triples/s, peak %7.1f MiB | unfused %9.0f triples/s, peak "
          "%7.1f MiB | fused/unfused: speed %.2fx, memory %.2fx",
          name.c_str(), precision_name.c_str(), fused.triples_per_s, fused.peak_bytes / 1048576.0,
          unfused.triples_per_s, unfused.peak_bytes / 1048576.0,
          fused.triples_per_s / unfused.triples_per_s,
          static_cast<double>(fused.peak_bytes) / static_cast<double>(unfused.peak_bytes));
      if (*precision != Precision::fp32 && fp32_fused > 0)
        std::printf(" | fused %.2fx fp32", fused.triples_per_s / fp32_fused);
      std::printf("\n");
      report["training"].push_back({{"device", backend.device().name},
                                    {"model", name},
                                    {"precision", precision_name},
                                    {"fused_triples_per_s", fused.triples_per_s},
                                    {"unfused_triples_per_s", unfused.triples_per_s},
                                    {"fused_peak_bytes", fused.peak_bytes},
                                    {"unfused_peak_bytes", unfused.peak_bytes}});
    }
  }
}

}  // namespace ds::bench
