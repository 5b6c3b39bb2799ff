#pragma once
// bench/graph (a): WordNet imported through deepseek-cli into a server.

#include <cstdint>
#include <filesystem>

#include "common/result.hpp"

namespace ds::graph_bench {

struct ImportFigures {
  double wall_s = 0;  ///< the CLI process, start to exit
  double cli_s = 0;   ///< what the CLI reports (its import loop)
  uint64_t nodes = 0;
  uint64_t edges = 0;
};

/// Runs `deepseek-cli import --format wordnet` against the server on
/// `sdk_port` and parses its "imported N nodes and M edges in S s" line;
/// the CLI's output goes to files in `scratch`.
Result<ImportFigures> import_wordnet(const std::filesystem::path& cli, uint16_t sdk_port,
                                     const std::filesystem::path& wordnet,
                                     const std::filesystem::path& scratch);

}  // namespace ds::graph_bench
