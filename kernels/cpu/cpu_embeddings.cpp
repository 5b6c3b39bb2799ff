#include "kernels/cpu/cpu_embeddings.hpp"

#include <limits>
#include <string>

#include "kernels/cpu/top_k.hpp"
#include "kernels/cpu/train_step.hpp"
#include "kernels/score_math.hpp"

namespace ds::kernels::cpu {

Result<std::unique_ptr<EmbeddingTables>> upload_tables(const EmbeddingSpec& spec,
                                                       std::span<const float> entities,
                                                       std::span<const float> relations) {
  if (auto ok = check_tables(spec, entities, relations); !ok) return std::move(ok).error();
  return std::unique_ptr<EmbeddingTables>(std::make_unique<CpuTables>(spec, entities, relations));
}

Result<const CpuTables*> cpu_tables(const EmbeddingTables& tables) {
  const auto* mine = dynamic_cast<const CpuTables*>(&tables);
  if (mine == nullptr)
    return make_error(errc::invalid_argument, "tables: made by another backend than the CPU's");
  return mine;
}

Result<CpuTables*> cpu_tables_to_train(EmbeddingTables& tables) {
  auto* mine = dynamic_cast<CpuTables*>(&tables);
  if (mine == nullptr)
    return make_error(errc::invalid_argument, "tables: made by another backend than the CPU's");
  return mine;
}

std::vector<float> score(const CpuTables& tables, std::span<const Triple> triples) {
  const auto& spec = tables.spec();
  std::vector<float> out(triples.size());
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < triples.size(); ++i)
    out[i] = score_triple(spec.model, tables.entity(triples[i].head),
                          tables.relation(triples[i].relation), tables.entity(triples[i].tail),
                          spec.dim, spec.gamma);
  return out;
}

KnnResult predict_tails(const CpuTables& tables, std::span<const Triple> queries, std::size_t k,
                        const std::vector<uint32_t>* candidates) {
  const auto& spec = tables.spec();
  const std::size_t pool = candidates ? candidates->size() : spec.entities;
  KnnResult out{queries.size(), k, std::vector<float>(queries.size() * k),
                std::vector<int64_t>(queries.size() * k)};
#pragma omp parallel for schedule(dynamic)
  for (std::size_t q = 0; q < queries.size(); ++q) {
    TopK top(k);
    const float* h = tables.entity(queries[q].head);
    const float* r = tables.relation(queries[q].relation);
    for (std::size_t i = 0; i < pool; ++i) {
      uint32_t row = candidates ? (*candidates)[i] : static_cast<uint32_t>(i);
      top.push(-score_triple(spec.model, h, r, tables.entity(row), spec.dim, spec.gamma), row);
    }
    auto& best = top.finish();
    for (std::size_t i = 0; i < k; ++i) {
      bool found = i < best.size();
      out.scores[q * k + i] = found ? -best[i].score : -std::numeric_limits<float>::infinity();
      out.ids[q * k + i] = found ? static_cast<int64_t>(best[i].row) : -1;
    }
  }
  return out;
}

TrainResult train_step(CpuTables& tables, const TrainBatch& batch, const TrainOptions& options) {
  TrainResult result;
  auto gradients = step_gradients(tables, batch, options, result.peak_work_bytes);
  result.loss = gradients.loss;
  if (tables.spec().precision == Precision::fp16) {
    result.loss_scale = tables.loss_scale().scale;
    tables.loss_scale().update(gradients.overflow);
  }
  if (gradients.overflow) {  // the tables stay as they were
    result.skipped = true;
    return result;
  }
  apply_adagrad(tables, gradients, options.learning_rate);
  result.rows_updated = gradients.entity_rows.size() + gradients.relation_rows.size();
  return result;
}

}  // namespace ds::kernels::cpu
