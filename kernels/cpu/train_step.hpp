#pragma once

// A training step's gradients on the CPU, two ways (embedding.hpp,
// TrainOptions::fused): fused, one pass over the pairs that scores, takes
// the loss's derivative and adds each pair's gradient into the per-row sums;
// unfused, the passes a framework's autograd would make, over gathered
// copies of the rows and per-pair gradient arrays, scattered at the end.
// Both give the same sums; the unfused path is the reference and the
// memory baseline. Then row-wise sparse Adagrad.

#include <cstdint>

#include "kernels/cpu/cpu_tables.hpp"
#include "kernels/embedding.hpp"

namespace ds::kernels::cpu {

/// `batch` checked. `peak_work_bytes` gets the working memory's high mark.
Gradients fused_gradients(const CpuTables& tables, const TrainBatch& batch,
                          const TrainOptions& options, uint64_t& peak_work_bytes);
Gradients unfused_gradients(const CpuTables& tables, const TrainBatch& batch,
                            const TrainOptions& options, uint64_t& peak_work_bytes);

/// The gradients of a step on `tables` in their precision: fused or
/// unfused as `options` says, over the batch's rows rounded to 16 bits
/// when the tables train in bf16 or fp16 (mixed_precision.hpp).
Gradients step_gradients(const CpuTables& tables, const TrainBatch& batch,
                         const TrainOptions& options, uint64_t& peak_work_bytes);

/// Row-wise Adagrad (DGL-KE): state += mean(g^2); w -= lr g / (sqrt(state) + 1e-10).
void apply_adagrad(CpuTables& tables, const Gradients& gradients, float learning_rate);

}  // namespace ds::kernels::cpu
