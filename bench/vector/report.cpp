#include "bench/vector/report.hpp"

#include <cinttypes>
#include <cstdio>

namespace ds::vector_bench {

using bench::verdict;

void print_builds(const std::vector<IndexFigures>& all) {
  std::printf("\n    builds (s)       raw: train       add   stores: write   actors: build\n");
  for (const auto& f : all) {
    std::printf("    %-14s %12.1f %9.1f %15.1f %15.1f\n", f.index.c_str(), f.raw_train_s,
                f.raw_add_s, f.store_s, f.actors_build_s);
    if (!f.warning.empty()) std::printf("          warning: %s\n", f.warning.c_str());
  }
}

void print_table(const std::vector<IndexFigures>& all, std::size_t queries) {
  std::printf(
      "\n    index          params          batch   recall raw   recall actors      raw q/s   "
      "actors q/s   actors/raw\n");
  for (const auto& f : all)
    for (std::size_t i = 0; i < f.cases.size(); ++i) {
      const auto& c = f.cases[i];
      const auto &raw = f.raw[i], &actors = f.actors[i];
      std::printf("    %-14s %-14s %6zu %12.3f %15.3f %12.0f %12.0f %12.2f\n", f.index.c_str(),
                  c.params().c_str(), c.batch, raw.recall, actors.recall, raw.per_s, actors.per_s,
                  actors.per_s / raw.per_s);
      if (raw.covered < queries || actors.covered < queries)
        std::printf(
            "          recall over the %zu (raw) and %zu (actors) of %zu queries answered\n",
            raw.covered, actors.covered, queries);
      if (actors.failures > 0)
        std::printf("          warning: %" PRIu64 " failed requests through the actors (%s)\n",
                    actors.failures, actors.first_error.c_str());
    }
}

void print_summary(const std::vector<IndexFigures>& all, std::size_t vectors) {
  std::printf("\nsummary");
  if (vectors != 1'000'000)
    std::printf(" (on %zu vectors; the targets are set for 1,000,000)", vectors);
  std::printf("\n");
  for (const auto& f : all)
    for (std::size_t i = 0; i < f.cases.size(); ++i)
      if (f.cases[i].kind == Kind::hnsw && f.cases[i].param == 64 &&
          (i == 0 || f.cases[i - 1].param != 64))  // once, whatever the batch
        std::printf(
            "    %s efSearch 64 recall@10 through the actors: %.3f (raw %.3f) "
            "(target >= 0.95): %s\n",
            f.index.c_str(), f.actors[i].recall, f.raw[i].recall,
            verdict(f.actors[i].recall >= 0.95));
  for (const auto& f : all)
    for (std::size_t i = 0; i < f.cases.size(); ++i)
      if (f.cases[i].batch == 64) {
        double ratio = f.actors[i].per_s / f.raw[i].per_s;
        std::printf("    batch 64, %s %s: actors/raw %.2f (target >= 0.8): %s\n", f.index.c_str(),
                    f.cases[i].params().c_str(), ratio, verdict(ratio >= 0.8));
      }
}

nlohmann::json to_json(const std::vector<IndexFigures>& all) {
  nlohmann::json indexes = nlohmann::json::array();
  for (const auto& f : all) {
    nlohmann::json cases = nlohmann::json::array();
    for (std::size_t i = 0; i < f.cases.size(); ++i)
      cases.push_back({{"params", f.cases[i].params()},
                       {"batch", f.cases[i].batch},
                       {"raw_recall", f.raw[i].recall},
                       {"actors_recall", f.actors[i].recall},
                       {"raw_per_s", f.raw[i].per_s},
                       {"actors_per_s", f.actors[i].per_s},
                       {"ratio_actors_raw", f.actors[i].per_s / f.raw[i].per_s},
                       {"raw_queries_covered", f.raw[i].covered},
                       {"actors_queries_covered", f.actors[i].covered},
                       {"actors_failures", f.actors[i].failures}});
    indexes.push_back({{"index", f.index},
                       {"raw_train_s", f.raw_train_s},
                       {"raw_add_s", f.raw_add_s},
                       {"store_write_s", f.store_s},
                       {"actors_build_s", f.actors_build_s},
                       {"cases", cases}});
  }
  return indexes;
}


}  // namespace ds::vector_bench
