#pragma once

// Reciprocal rank fusion (Cormack, Clarke and Buettcher, SIGIR 2009): each
// ranking gives a hit 1 / (k + rank), summed over the rankings. Only ranks
// count, so BM25 scores and cosine similarities need no common scale.

#include <vector>

#include "query/exec/graph_source.hpp"

namespace ds::query::text {

/// One hit of the fused ranking, with where each retriever ranked it.
struct FusedHit {
  storage::Node node;
  double score = 0;
  std::vector<uint32_t> ranks;  ///< 1-based rank per ranking; 0: not in it
};

/// The hits of `rankings` (each best first) fused, best first; ties by key.
/// `k` damps the lead of the very first ranks (60 in the paper).
std::vector<FusedHit> fuse_ranks(const std::vector<std::vector<ScoredNode>>& rankings, double k);

}  // namespace ds::query::text
