#pragma once

// The CPU backend's embedding operations (Backend's second half), kept
// apart from its kNN: scoring, link prediction, gradients and training.

#include <memory>
#include <span>
#include <vector>

#include "kernels/backend.hpp"
#include "kernels/cpu/cpu_tables.hpp"

namespace ds::kernels::cpu {

Result<std::unique_ptr<EmbeddingTables>> upload_tables(const EmbeddingSpec& spec,
                                                       std::span<const float> entities,
                                                       std::span<const float> relations);
std::vector<float> score(const CpuTables& tables, std::span<const Triple> triples);
KnnResult predict_tails(const CpuTables& tables, std::span<const Triple> queries, std::size_t k,
                        const std::vector<uint32_t>* candidates);
TrainResult train_step(CpuTables& tables, const TrainBatch& batch, const TrainOptions& options);

/// `tables` as the CPU backend made them, or an error if another did.
Result<const CpuTables*> cpu_tables(const EmbeddingTables& tables);
Result<CpuTables*> cpu_tables_to_train(EmbeddingTables& tables);

}  // namespace ds::kernels::cpu
