#pragma once

// How text mode ranks the entities around its retrieval hits (the seeds):
//
//   activation(c) = fused(c) + spread * sum of fused(s) over seeds s adjacent to c
//   score(c)      = activation(c) * coverage(c)^2
//   coverage(c)   = (|own| + 1/2 |via \ own|) / |question terms|
//
// `own` are the question's terms in c's own text, `via` those of the seeds
// next to it. One step of spreading activation lifts entities in the
// neighbourhood of many good hits; coverage prefers an entity that answers
// all of the question (itself, or half-credited through a neighbour) over
// one that repeats a single term: for "domestic animal that barks", dog.n.01
// ("...domesticated...barked") next to domestic_animal.n.01 beats the many
// glosses that say only "domestic animal". docs/query-engine.md has figures.

#include <string>
#include <vector>

#include "query/exec/graph_source.hpp"
#include "query/text/rank_fusion.hpp"

namespace ds::query::text {

/// An entity in reach of the seeds: a seed, or a neighbour of one.
struct Candidate {
  storage::EntityId id = 0;
  double activation = 0;
  /// The edges (indexes into the expansion's) that reach it from a seed.
  std::vector<std::size_t> links;
};

/// Every seed and every node `edges` reach from one (edge.from is a seed),
/// best activation first, ties by id. A seed counts once per neighbour
/// however many relations join them.
std::vector<Candidate> spread_activation(const std::vector<FusedHit>& seeds,
                                         const std::vector<ReachedEdge>& edges, double spread);

/// coverage(c)^2 from the counts of the formula above; 0 when the question
/// has no terms.
double coverage_weight(std::size_t own, std::size_t via_only, std::size_t question_terms);

}  // namespace ds::query::text
