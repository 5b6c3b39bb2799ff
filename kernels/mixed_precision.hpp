#pragma once

// Training in bf16 or fp16 (EmbeddingSpec::precision), as mixed-precision
// training does it: a step computes on the batch's rows rounded to the
// precision, accumulating in fp32; its gradients come out in the precision
// (fp16: multiplied by the loss scale first, so that small ones are not
// flushed to zero), and the update applies them unscaled, in fp32, to the
// fp32 master rows with fp32 Adagrad state. An fp16 gradient that
// overflows skips the update and halves the scale; kGrowthInterval steps
// without one double it (the dynamic loss scaling of PyTorch's GradScaler,
// with its defaults). fp32 and tf32 (these steps have no GEMM) train as
// fp32. Both backends do this; the host parts live here.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "kernels/embedding.hpp"
#include "kernels/precision.hpp"
#include "kernels/row_slots.hpp"
#include "kernels/vectors.hpp"

namespace ds::kernels {

/// Whether steps on tables of this (resolved) precision round to 16 bits.
inline bool trains_in_16_bits(Precision precision) {
  return precision == Precision::bf16 || precision == Precision::fp16;
}

/// The dynamic loss scale of tables trained in fp16 (1 otherwise).
struct LossScale {
  static constexpr float kInitial = 65536.0f;
  static constexpr uint32_t kGrowthInterval = 2000;

  float scale = kInitial;
  uint32_t good_steps = 0;

  /// After a step: halve on an overflow (the step was skipped), double
  /// after kGrowthInterval steps in a row without one.
  void update(bool overflow) {
    if (overflow) {
      scale = std::max(scale * 0.5f, 1.0f);
      good_steps = 0;
    } else if (++good_steps == kGrowthInterval) {
      scale *= 2.0f;
      good_steps = 0;
    }
  }
};

/// Gradients as a 16-bit step leaves them: each multiplied by `scale`,
/// rounded to the precision and divided back. Returns whether one
/// overflowed (became inf or NaN): the step must not be applied.
inline bool finish_gradients(Precision precision, float scale, std::span<float> gradients) {
  bool overflow = false;
  for (auto& g : gradients) {
    const float stored = round_to(precision, g * scale);
    overflow |= !std::isfinite(stored);
    g = stored / scale;
  }
  return overflow;
}

/// A batch with its rows renumbered to their slots (RowSlots' ascending
/// order), for a step over tables that hold only the batch's rows.
inline TrainBatch batch_over_slots(const TrainBatch& batch, const RowSlots& slots) {
  TrainBatch out = batch;
  for (auto& p : out.positives)
    p = {slots.entity_slot.at(p.head), slots.relation_slot.at(p.relation),
         slots.entity_slot.at(p.tail)};
  for (auto& n : out.negatives)
    n = slots.entity_slot.at(n);
  return out;
}

/// The rows `rows` of a table of width `width`, rounded to the precision:
/// the step's inputs.
inline std::vector<float> rounded_rows(Precision precision, const std::vector<float>& table,
                                       std::span<const uint32_t> rows, uint32_t width) {
  std::vector<float> out(rows.size() * width);
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (uint32_t j = 0; j < width; ++j)
      out[i * width + j] = round_to(precision, table[std::size_t{rows[i]} * width + j]);
  return out;
}

}  // namespace ds::kernels
