#include "bench/graph/report.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

namespace ds::graph_bench {
namespace {

/// Rows per query on the direct path, and the queries whose row counts differ
/// between the paths (the first named).
struct RowCheck {
  double per_query = 0;
  uint64_t mismatches = 0;
  std::string first_mismatch;
};

RowCheck check_rows(const std::vector<std::string>& keys, const Pass& actors, const Pass& direct,
                    const Pass& sdk) {
  RowCheck check;
  uint64_t rows = 0;
  auto compare = [&](const char* path, const Pass& pass, std::size_t q) {
    if (pass.answers[q] != direct.answers[q] && check.mismatches++ == 0)
      check.first_mismatch = keys[q] + ": " + path + " " + std::to_string(pass.answers[q]) +
                             " rows, direct " + std::to_string(direct.answers[q]);
  };
  for (std::size_t q = 0; q < keys.size(); ++q) {
    rows += static_cast<uint64_t>(std::max<int64_t>(0, direct.answers[q]));
    compare("actors", actors, q);
  }
  for (std::size_t q = 0; q < keys.size(); ++q)
    compare("sdk", sdk, q);
  check.per_query = static_cast<double>(rows) / static_cast<double>(keys.size());
  return check;
}

}  // namespace

void print_import(const ImportFigures& import, unsigned runs) {
  std::printf("\n(a) import through deepseek-cli, median of %u\n", runs);
  std::printf("    %" PRIu64 " nodes, %" PRIu64
              " edges in %.2f s (the CLI's own clock: %.2f s)\n"
              "    %.0f nodes/s, %.0f edges/s, %.0f items/s over the total\n",
              import.nodes, import.edges, import.wall_s, import.cli_s,
              static_cast<double>(import.nodes) / import.wall_s,
              static_cast<double>(import.edges) / import.wall_s,
              static_cast<double>(import.nodes + import.edges) / import.wall_s);
}

nlohmann::json print_expansions(const std::vector<Case>& cases,
                                const std::vector<std::string>& keys,
                                const ExpansionFigures& figures, unsigned in_flight) {
  std::printf(
      "    hops  types       rows/query   direct q/s   actors q/s   actors/direct   sdk q/s\n");
  nlohmann::json expansions = nlohmann::json::array();
  for (std::size_t i = 0; i < cases.size(); ++i) {
    double actor_rate = figures.actors[i].per_s, direct_rate = figures.direct[i].per_s;
    const auto& actors = figures.actors[i].last;
    const auto& direct = figures.direct[i].last;
    auto rows = check_rows(keys, actors, direct, figures.sdk[i].last);
    std::printf("    %4u  %-10s  %10.1f  %11.0f  %11.0f   %13.2f  %8.0f\n", cases[i].hops,
                cases[i].name().c_str(), rows.per_query, direct_rate, actor_rate,
                actor_rate / direct_rate, figures.sdk[i].per_s);
    if (actors.failures > 0)
      std::printf("          warning: %" PRIu64 " failed queries through the actors (%s)\n",
                  actors.failures, actors.first_error.c_str());
    if (direct.failures > 0)
      std::printf("          warning: %" PRIu64 " failed direct queries (%s)\n", direct.failures,
                  direct.first_error.c_str());
    if (rows.mismatches > 0)
      std::printf("          warning: %" PRIu64 " queries differ in row count (%s)\n",
                  rows.mismatches, rows.first_mismatch.c_str());
    expansions.push_back({{"hops", cases[i].hops},
                          {"types", cases[i].types},
                          {"rows_per_query", rows.per_query},
                          {"actors_per_s", actor_rate},
                          {"direct_per_s", direct_rate},
                          {"ratio_actors_direct", actor_rate / direct_rate},
                          {"sdk_per_s", figures.sdk[i].per_s},
                          {"row_count_mismatches", rows.mismatches}});
  }
  std::printf(
      "    ping through the same client, %u in flight: %.0f round trips/s (the floor of the "
      "actor path: one per query)\n",
      in_flight, figures.ping.per_s);
  if (figures.ping.last.failures > 0)
    std::printf("          warning: %" PRIu64 " failed pings\n", figures.ping.last.failures);
  return expansions;
}

void print_summary(const ImportFigures& import, const std::vector<Case>& cases,
                   const ExpansionFigures& figures) {
  std::printf("\nsummary\n    import: %.2f s (target < 10 s on 2 cores): %s\n", import.wall_s,
              bench::verdict(import.wall_s < 10));
  for (std::size_t i = 0; i < cases.size(); ++i)
    if (cases[i].hops == 2) {
      double ratio = figures.actors[i].per_s / figures.direct[i].per_s;
      std::printf("    2-hop %-10s actors/direct: %.2f (target >= 0.5): %s\n",
                  cases[i].name().c_str(), ratio, bench::verdict(ratio >= 0.5));
    }
}

}  // namespace ds::graph_bench
