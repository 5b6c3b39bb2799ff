#pragma once

// The CUDA backend's embedding operations (Backend's second half): scores,
// tail prediction, gradients and training steps over CudaTables. The math
// of one triple is kernels/score_math.hpp, shared with the CPU backend, the
// oracle of the gpu suite.
//
// The fused step runs one block per positive: the block copies the
// positive's three rows to shared memory, each thread scores negatives of
// the chunk, the loss's derivatives follow, and the gradients of the
// positive's rows sum in shared memory before one atomic add per value into
// the batch's per-row sums; each negative's gradient goes straight into its
// row's sum. The unfused step materialises what autograd would (gathered
// rows, per-pair gradient arrays) and scatters at the end. Then row-wise
// sparse Adagrad, a block per touched row.

#include <span>
#include <vector>

#include "kernels/backend.hpp"
#include "kernels/cuda/cuda_tables.cuh"

namespace ds::kernels::cuda {

Result<std::vector<float>> score(const CudaTables& tables, std::span<const Triple> triples);
Result<KnnResult> predict_tails(const CudaTables& tables, std::span<const Triple> queries,
                                std::size_t k, const std::vector<uint32_t>* candidates);
/// The batch's loss and per-row gradient sums; `apply`: then Adagrad on the
/// touched rows of the tables' device memory (a training step). The sums
/// are downloaded only when `download` is set.
Result<Gradients> gradients(const CudaTables& tables, const TrainBatch& batch,
                            const TrainOptions& options, bool apply, bool download,
                            uint64_t& peak_work_bytes);
Result<void> download(const CudaTables& tables, std::vector<float>& entities,
                      std::vector<float>& relations);

}  // namespace ds::kernels::cuda
