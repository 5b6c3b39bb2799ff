#pragma once

// bench/kernels, training: triples/s of one training step per model on a
// backend (a synthetic graph, uniform random embeddings and triples, fixed
// seed), fused and unfused, with each path's peak working memory, per
// precision of the tables. The unfused path is the baseline: fused figures
// print as ratios to it; 16-bit figures print their speed against fp32's.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernels/backend.hpp"

namespace ds::bench {

struct TrainingOptions {
  uint64_t entities = 100000;
  uint64_t relations = 100;
  uint32_t dim = 128;
  uint32_t batch = 1024;     ///< positives per step
  uint32_t chunk = 128;      ///< positives sharing negatives
  uint32_t negatives = 128;  ///< per chunk
  int steps = 20;            ///< timed steps per figure (median)
  std::vector<std::string> models{"transe_l2", "distmult", "complex", "rotate"};
  /// The tables' precisions (mixed_precision.hpp): fp32 is the baseline.
  std::vector<std::string> precisions{"fp32", "bf16", "fp16"};
};

void run_training(kernels::Backend& backend, const TrainingOptions& options,
                  nlohmann::json& report);

}  // namespace ds::bench
