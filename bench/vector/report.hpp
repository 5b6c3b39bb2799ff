#pragma once

// bench/vector's output: build times, the table of cases, the verdicts on
// the targets, and the same as JSON.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/vector/samples.hpp"

namespace ds::vector_bench {

/// The measured cases of one index, and its build times.
struct IndexFigures {
  std::string index;
  double raw_train_s = 0, raw_add_s = 0, store_s = 0, actors_build_s = 0;
  std::string warning;  ///< what makes the two paths' indexes differ beyond sharding
  std::vector<Case> cases;
  std::vector<Figure> raw, actors;
};

void print_builds(const std::vector<IndexFigures>& all);
void print_table(const std::vector<IndexFigures>& all, std::size_t queries);
/// The targets: HNSW efSearch 64 recall@10 >= 0.95 and actors/raw >= 0.8 at batch 64.
void print_summary(const std::vector<IndexFigures>& all, std::size_t vectors);
nlohmann::json to_json(const std::vector<IndexFigures>& all);

}  // namespace ds::vector_bench
