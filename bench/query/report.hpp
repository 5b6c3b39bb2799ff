#pragma once

// bench/query's output: a table per workload, the batching comparison with
// its targets, and the same as JSON.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/query/load_generator.hpp"

namespace ds::query_bench {

/// One workload's figures at each concurrency (clients).
struct WorkloadFigures {
  std::string name, query, drawn;
  std::vector<std::pair<unsigned, Figures>> by_clients;
};

/// The vector workload against a server with batching on and one with it off.
struct BatchingFigures {
  bool measured = false;
  std::string not_measured;  ///< why, when not measured
  unsigned clients = 0;
  std::string workload = "vector";  ///< the targets are the vector workload's (issue 5)
  Figures on, off;
  double per_s_ratio() const { return on.per_s / off.per_s; }
  double p99_ratio() const { return on.p99_ms / off.p99_ms; }
};

/// The run's settings, for the header and the JSON.
struct RunSettings {
  uint32_t shards = 0;
  double seconds = 0, warmup_seconds = 0;
  unsigned runs = 0;
  std::string extra_yaml;
};

void print_header(const RunSettings& settings);
void print_workload(const WorkloadFigures& workload);
/// Targets: requests/s on/off >= 3, p99 on/off <= 2.
void print_batching(const BatchingFigures& batching);
nlohmann::json to_json(const RunSettings& settings, const std::vector<WorkloadFigures>& workloads,
                       const BatchingFigures& batching);

}  // namespace ds::query_bench
