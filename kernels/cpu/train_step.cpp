#include "kernels/cpu/train_step.hpp"

#include <algorithm>
#include <cmath>

#include "kernels/row_slots.hpp"
#include "kernels/score_math.hpp"

namespace ds::kernels::cpu {
namespace {

/// Zeroed per-row sums for the batch's rows.
Gradients empty_gradients(const EmbeddingSpec& spec, const RowSlots& slots) {
  Gradients out;
  out.entity_rows = slots.entities;
  out.relation_rows = slots.relations;
  out.entity_grads.assign(slots.entities.size() * spec.dim, 0.0f);
  out.relation_grads.assign(slots.relations.size() * spec.relation_dim(), 0.0f);
  return out;
}

uint64_t gradient_bytes(const Gradients& g) {
  return (g.entity_grads.size() + g.relation_grads.size()) * sizeof(float);
}

}  // namespace

Gradients fused_gradients(const CpuTables& tables, const TrainBatch& batch,
                          const TrainOptions& options, uint64_t& peak_work_bytes) {
  const auto& spec = tables.spec();
  const uint32_t d = spec.dim, rd = spec.relation_dim();
  const uint32_t negatives = batch.negatives_per_chunk;
  const float pairs = static_cast<float>(batch.positives.size()) * static_cast<float>(negatives);
  RowSlots slots(batch);
  Gradients out = empty_gradients(spec, slots);
  peak_work_bytes = slots.bytes() + gradient_bytes(out);
  auto entity_grad = [&](uint32_t row) {
    return out.entity_grads.data() + std::size_t{slots.entity_slot.at(row)} * d;
  };
  auto relation_grad = [&](uint32_t row) {
    return out.relation_grads.data() + std::size_t{slots.relation_slot.at(row)} * rd;
  };
  double loss = 0;
  for (std::size_t p = 0; p < batch.positives.size(); ++p) {
    const auto& pos = batch.positives[p];
    const float *h = tables.entity(pos.head), *r = tables.relation(pos.relation),
                *t = tables.entity(pos.tail);
    const float positive = score_triple(spec.model, h, r, t, d, spec.gamma);
    const uint32_t* chunk = batch.negatives.data() + (p / batch.chunk_size) * negatives;
    float d_positive = 0;
    for (uint32_t j = 0; j < negatives; ++j) {
      const float* n = tables.entity(chunk[j]);
      const float *nh = batch.corrupt_heads ? n : h, *nt = batch.corrupt_heads ? t : n;
      float negative = score_triple(spec.model, nh, r, nt, d, spec.gamma);
      auto share = pair_loss(options.loss, options.margin, positive, negative, pairs);
      loss += share.loss;
      d_positive += share.d_positive;
      GradientSink sink{share.d_negative, entity_grad(batch.corrupt_heads ? chunk[j] : pos.head),
                        relation_grad(pos.relation),
                        entity_grad(batch.corrupt_heads ? pos.tail : chunk[j])};
      score_triple(spec.model, nh, r, nt, d, spec.gamma, &sink);
    }
    GradientSink sink{d_positive, entity_grad(pos.head), relation_grad(pos.relation),
                      entity_grad(pos.tail)};
    score_triple(spec.model, h, r, t, d, spec.gamma, &sink);
  }
  out.loss = loss;
  return out;
}

Gradients unfused_gradients(const CpuTables& tables, const TrainBatch& batch,
                            const TrainOptions& options, uint64_t& peak_work_bytes) {
  const auto& spec = tables.spec();
  const std::size_t d = spec.dim, rd = spec.relation_dim();
  const std::size_t b = batch.positives.size(), negatives = batch.negatives_per_chunk;
  const float pairs = static_cast<float>(b * negatives);
  // 1. Gather.
  std::vector<float> heads(b * d), rels(b * rd), tails(b * d), negs(batch.negatives.size() * d);
  for (std::size_t p = 0; p < b; ++p) {
    const auto& pos = batch.positives[p];
    std::copy_n(tables.entity(pos.head), d, heads.data() + p * d);
    std::copy_n(tables.relation(pos.relation), rd, rels.data() + p * rd);
    std::copy_n(tables.entity(pos.tail), d, tails.data() + p * d);
  }
  for (std::size_t i = 0; i < batch.negatives.size(); ++i)
    std::copy_n(tables.entity(batch.negatives[i]), d, negs.data() + i * d);
  auto negative_row = [&](std::size_t p, std::size_t j) {
    return negs.data() + ((p / batch.chunk_size) * negatives + j) * d;
  };
  // 2. Scores.
  std::vector<float> positive(b), negative(b * negatives);
  for (std::size_t p = 0; p < b; ++p) {
    const float *h = &heads[p * d], *r = &rels[p * rd], *t = &tails[p * d];
    positive[p] = score_triple(spec.model, h, r, t, spec.dim, spec.gamma);
    for (std::size_t j = 0; j < negatives; ++j) {
      const float* n = negative_row(p, j);
      negative[p * negatives + j] = batch.corrupt_heads
                                        ? score_triple(spec.model, n, r, t, spec.dim, spec.gamma)
                                        : score_triple(spec.model, h, r, n, spec.dim, spec.gamma);
    }
  }
  // 3. Loss and its derivatives by the scores.
  std::vector<float> d_positive(b, 0.0f), d_negative(b * negatives);
  double loss = 0;
  for (std::size_t p = 0; p < b; ++p)
    for (std::size_t j = 0; j < negatives; ++j) {
      auto share =
          pair_loss(options.loss, options.margin, positive[p], negative[p * negatives + j], pairs);
      loss += share.loss;
      d_positive[p] += share.d_positive;
      d_negative[p * negatives + j] = share.d_negative;
    }
  // 4. Gradients per occurrence: of each positive's rows, and of each
  // pair's negative row.
  std::vector<float> g_heads(b * d, 0.0f), g_rels(b * rd, 0.0f), g_tails(b * d, 0.0f),
      g_negs(b * negatives * d, 0.0f);
  for (std::size_t p = 0; p < b; ++p) {
    float *gh = &g_heads[p * d], *gr = &g_rels[p * rd], *gt = &g_tails[p * d];
    const float *h = &heads[p * d], *r = &rels[p * rd], *t = &tails[p * d];
    GradientSink sink{d_positive[p], gh, gr, gt};
    score_triple(spec.model, h, r, t, spec.dim, spec.gamma, &sink);
    for (std::size_t j = 0; j < negatives; ++j) {
      float* gn = &g_negs[(p * negatives + j) * d];
      const float* n = negative_row(p, j);
      GradientSink pair{d_negative[p * negatives + j], batch.corrupt_heads ? gn : gh, gr,
                        batch.corrupt_heads ? gt : gn};
      score_triple(spec.model, batch.corrupt_heads ? n : h, r, batch.corrupt_heads ? t : n,
                   spec.dim, spec.gamma, &pair);
    }
  }
  // 5. Scatter into the per-row sums.
  RowSlots slots(batch);
  Gradients out = empty_gradients(spec, slots);
  auto add = [](float* into, const float* from, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
      into[i] += from[i];
  };
  for (std::size_t p = 0; p < b; ++p) {
    const auto& pos = batch.positives[p];
    add(&out.entity_grads[slots.entity_slot.at(pos.head) * d], &g_heads[p * d], d);
    add(&out.relation_grads[slots.relation_slot.at(pos.relation) * rd], &g_rels[p * rd], rd);
    add(&out.entity_grads[slots.entity_slot.at(pos.tail) * d], &g_tails[p * d], d);
    for (std::size_t j = 0; j < negatives; ++j) {
      uint32_t row = batch.negatives[(p / batch.chunk_size) * negatives + j];
      add(&out.entity_grads[slots.entity_slot.at(row) * d], &g_negs[(p * negatives + j) * d], d);
    }
  }
  const std::size_t floats = heads.size() + rels.size() + tails.size() + negs.size() +
                             positive.size() + negative.size() + d_positive.size() +
                             d_negative.size() + g_heads.size() + g_rels.size() + g_tails.size() +
                             g_negs.size();
  peak_work_bytes = floats * sizeof(float) + slots.bytes() + gradient_bytes(out);
  out.loss = loss;
  return out;
}

Gradients step_gradients(const CpuTables& tables, const TrainBatch& batch,
                         const TrainOptions& options, uint64_t& peak_work_bytes) {
  auto run = [&](const CpuTables& over, const TrainBatch& b) {
    return options.fused ? fused_gradients(over, b, options, peak_work_bytes)
                         : unfused_gradients(over, b, options, peak_work_bytes);
  };
  const auto& spec = tables.spec();
  if (!trains_in_16_bits(spec.precision)) return run(tables, batch);
  // Tables of the batch's rows only, rounded, and the batch renumbered.
  RowSlots slots(batch);
  EmbeddingSpec rounded_spec = spec;
  rounded_spec.entities = slots.entities.size();
  rounded_spec.relations = slots.relations.size();
  const CpuTables rounded(
      rounded_spec, rounded_rows(spec.precision, tables.entities(), slots.entities, spec.dim),
      rounded_rows(spec.precision, tables.relations(), slots.relations, spec.relation_dim()));
  auto out = run(rounded, batch_over_slots(batch, slots));
  peak_work_bytes += rounded.bytes() + slots.bytes();
  for (auto& row : out.entity_rows)
    row = slots.entities[row];
  for (auto& row : out.relation_rows)
    row = slots.relations[row];
  const float scale = spec.precision == Precision::fp16 ? tables.loss_scale().scale : 1.0f;
  out.overflow = finish_gradients(spec.precision, scale, out.entity_grads);
  out.overflow |= finish_gradients(spec.precision, scale, out.relation_grads);
  return out;
}

void apply_adagrad(CpuTables& tables, const Gradients& gradients, float learning_rate) {
  auto update = [learning_rate](float* row, const float* grad, float& state, std::size_t n) {
    double mean_square = 0;
    for (std::size_t i = 0; i < n; ++i)
      mean_square += static_cast<double>(grad[i]) * grad[i];
    state += static_cast<float>(mean_square / static_cast<double>(n));
    const float scale = learning_rate / (std::sqrt(state) + 1e-10f);
    for (std::size_t i = 0; i < n; ++i)
      row[i] -= scale * grad[i];
  };
  const std::size_t d = tables.spec().dim, rd = tables.spec().relation_dim();
  for (std::size_t i = 0; i < gradients.entity_rows.size(); ++i) {
    uint32_t row = gradients.entity_rows[i];
    update(tables.entities().data() + row * d, &gradients.entity_grads[i * d],
           tables.entity_state()[row], d);
  }
  for (std::size_t i = 0; i < gradients.relation_rows.size(); ++i) {
    uint32_t row = gradients.relation_rows[i];
    update(tables.relations().data() + row * rd, &gradients.relation_grads[i * rd],
           tables.relation_state()[row], rd);
  }
}

}  // namespace ds::kernels::cpu
