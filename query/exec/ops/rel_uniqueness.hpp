#pragma once

// Relationship uniqueness (as in Neo4j): one MATCH never binds the same
// relationship twice. Expand and VarExpand check a new edge against the
// edges the row already holds.

#include <cstdint>
#include <vector>

#include "query/exec/evaluate.hpp"

namespace ds::query::ops {

inline bool same_edge(const RelValue& a, const RelValue& b) {
  return a.src == b.src && a.dst == b.dst && a.type == b.type;
}

/// Whether `edge` is already in the row's `rels` slots or `rel_lists` lists.
inline bool edge_taken(const Row& row, const RelValue& edge, const std::vector<uint32_t>& rels,
                       const std::vector<uint32_t>& rel_lists) {
  for (auto slot : rels)
    if (auto* other = row[slot].get<RelValue>(); other && same_edge(*other, edge)) return true;
  for (auto slot : rel_lists)
    if (auto* list = row[slot].list())
      for (const auto& item : *list)
        if (auto* other = item.get<RelValue>(); other && same_edge(*other, edge)) return true;
  return false;
}

inline RelValue edge_of(const ReachedEdge& reached) {
  return reached.outgoing ? RelValue{reached.from, reached.type, reached.to, nullptr}
                          : RelValue{reached.to, reached.type, reached.from, nullptr};
}

}  // namespace ds::query::ops
