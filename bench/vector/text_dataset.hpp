#pragma once

// bench/vector's second data set: the demo's `text` space. Every WordNet
// synset's text (lemmas and gloss, as node/demo_text_space builds it)
// encoded by the built-in encoder, and queries of 2-4 gloss words encoded the
// same way. The vectors are unit length, so L2 ranks them as cosine does.

#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "bench/vector/dataset.hpp"
#include "common/result.hpp"

namespace ds::vector_bench {

Result<Dataset> text_dataset(const std::filesystem::path& wordnet, uint32_t dim,
                             std::size_t queries, uint64_t seed);

}  // namespace ds::vector_bench
