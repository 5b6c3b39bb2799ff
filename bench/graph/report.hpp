#pragma once
// bench/graph's printed figures and their JSON.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/graph/cases.hpp"
#include "bench/graph/wordnet_import.hpp"
#include "bench/support/timing.hpp"

namespace ds::graph_bench {

using PassFigure = bench::Figure<Pass>;

/// Each case's figure on each path, in the order of the cases.
struct ExpansionFigures {
  std::vector<PassFigure> sdk, actors, direct;
  PassFigure ping;
};

/// (a): the median import.
void print_import(const ImportFigures& import, unsigned runs);

/// (b): a line per case (rows per query, each path's queries/s, the ratio
/// actors/direct) with a warning where a path failed queries or the paths'
/// row counts differ; returns the same as JSON.
nlohmann::json print_expansions(const std::vector<Case>& cases,
                                const std::vector<std::string>& keys,
                                const ExpansionFigures& figures, unsigned in_flight);

/// The import and the 2-hop ratios against their targets.
void print_summary(const ImportFigures& import, const std::vector<Case>& cases,
                   const ExpansionFigures& figures);

}  // namespace ds::graph_bench
