#include "query/text/answer_ranking.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace ds::query::text {

std::vector<Candidate> spread_activation(const std::vector<FusedHit>& seeds,
                                         const std::vector<ReachedEdge>& edges, double spread) {
  std::unordered_map<storage::EntityId, double> fused;
  for (const auto& seed : seeds)
    fused.emplace(seed.node.id, seed.score);
  std::vector<Candidate> out;
  std::unordered_map<storage::EntityId, std::size_t> index;
  auto candidate = [&](storage::EntityId id) -> Candidate& {
    auto [at, added] = index.emplace(id, out.size());
    if (added) {
      auto own = fused.find(id);
      out.push_back({id, own == fused.end() ? 0.0 : own->second, {}});
    }
    return out[at->second];
  };
  for (const auto& seed : seeds)
    candidate(seed.node.id);
  std::set<std::pair<storage::EntityId, storage::EntityId>> counted;  // (seed, neighbour)
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const auto& edge = edges[i];
    auto seed = fused.find(edge.from);
    if (seed == fused.end() || edge.to == edge.from) continue;
    auto& reached = candidate(edge.to);
    reached.links.push_back(i);
    if (counted.emplace(edge.from, edge.to).second) reached.activation += spread * seed->second;
  }
  std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
    return a.activation != b.activation ? a.activation > b.activation : a.id < b.id;
  });
  return out;
}

double coverage_weight(std::size_t own, std::size_t via_only, std::size_t question_terms) {
  if (question_terms == 0) return 0;
  double coverage = (static_cast<double>(own) + 0.5 * static_cast<double>(via_only)) /
                    static_cast<double>(question_terms);
  return coverage * coverage;
}

}  // namespace ds::query::text
