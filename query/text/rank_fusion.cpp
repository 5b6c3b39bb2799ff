#include "query/text/rank_fusion.hpp"

#include <algorithm>
#include <unordered_map>

namespace ds::query::text {

std::vector<FusedHit> fuse_ranks(const std::vector<std::vector<ScoredNode>>& rankings, double k) {
  std::vector<FusedHit> hits;
  std::unordered_map<storage::EntityId, std::size_t> index;
  for (std::size_t r = 0; r < rankings.size(); ++r) {
    for (std::size_t i = 0; i < rankings[r].size(); ++i) {
      const auto& node = rankings[r][i].node;
      auto [at, added] = index.emplace(node.id, hits.size());
      if (added) hits.push_back({node, 0, std::vector<uint32_t>(rankings.size(), 0)});
      auto& hit = hits[at->second];
      if (hit.ranks[r] != 0) continue;  // a ranking names a node once; a repeat is ignored
      hit.ranks[r] = static_cast<uint32_t>(i + 1);
      hit.score += 1.0 / (k + static_cast<double>(i + 1));
    }
  }
  std::sort(hits.begin(), hits.end(), [](const FusedHit& a, const FusedHit& b) {
    return a.score != b.score ? a.score > b.score : a.node.key < b.node.key;
  });
  return hits;
}

}  // namespace ds::query::text
