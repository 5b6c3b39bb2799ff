#pragma once

// The batching comparison: the same requests against two deepseek-server
// children that differ only in serving.max_batch_size (64: batching on; 1:
// off, the baseline), on two copies of one data dir holding the demo graph,
// their windows alternating so a machine that gets busier or quieter
// meanwhile shifts both alike.

#include <cstdint>
#include <filesystem>
#include <string>

#include "bench/query/load_generator.hpp"
#include "bench/query/report.hpp"
#include "common/result.hpp"

namespace ds::query_bench {

inline constexpr const char* kBatchingKey = "serving.max_batch_size";

struct BatchingOptions {
  std::filesystem::path server;  ///< the deepseek-server binary
  /// A data dir with the demo graph, no server on it. It is moved into
  /// `work_dir`/on/data and copied to `work_dir`/off/data.
  std::filesystem::path data_dir;
  std::filesystem::path work_dir;
  uint32_t shards = 2;
  std::string extra_yaml;  ///< appended to both servers' config
  WindowOptions window;    ///< but port, which is each server's
  unsigned runs = 3;       ///< windows of each server
};

/// Both servers' figures (medians of their windows). An error when a server
/// does not start; one that refuses the key says so (and the server's words).
Result<BatchingFigures> compare_batching(const BatchingOptions& options, const BodyMaker& body);

}  // namespace ds::query_bench
