#pragma once

// Queries for the benchmarks that search WordNet's text: 2 to 4 words (of 3
// letters or more) from the glosses of random synsets, from a fixed seed.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace ds::bench {

Result<std::vector<std::string>> gloss_queries(const std::filesystem::path& wordnet,
                                               std::size_t count, uint64_t seed);

}  // namespace ds::bench
