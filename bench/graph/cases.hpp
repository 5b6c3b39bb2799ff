#pragma once
// What bench/graph expands: a sample of WordNet synsets and the cases (hops
// and relation types) each is expanded with.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/support/query_pass.hpp"
#include "common/result.hpp"

namespace ds::graph_bench {

struct Case {
  uint32_t hops = 1;
  std::vector<std::string> types;  ///< empty: every type
  std::string name() const { return types.empty() ? "all types" : types.front(); }
};

/// 1, 2 and 3 hops, each along hypernym, hyponym and every type.
std::vector<Case> expansion_cases();

/// One pass over the sample: its time and each query's number of rows
/// (-1 where the query failed).
using Pass = bench::QueryPass<int64_t>;

/// Every synset key of the WordNet database in `dir`, as the importer makes
/// them (wordnet_source.hpp): the data file's letter and the 8-digit offset
/// that starts each line after the license header.
Result<std::vector<std::string>> synset_keys(const std::filesystem::path& dir);

/// `count` of `keys` drawn at random (all of them when there are fewer).
std::vector<std::string> sample(std::vector<std::string> keys, std::size_t count, uint64_t seed);

}  // namespace ds::graph_bench
