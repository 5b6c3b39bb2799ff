#pragma once

// What the graph store reads and writes: nodes, neighbours, edges.

#include <string>
#include <vector>

#include "common/value.hpp"
#include "storage/graph/graph_keys.hpp"

namespace ds::storage {

struct Node {
  EntityId id = 0;
  std::string key;                  ///< the external key, unique in the graph
  std::vector<std::string> labels;  ///< sorted, no duplicates
  Properties properties;
  friend bool operator==(const Node&, const Node&) = default;
};

enum class Direction { out, in, both };

/// A node reached over one edge, and how.
struct Neighbour {
  EntityId id = 0;
  std::string type;
  Direction direction = Direction::out;  ///< out: this -> id; in: id -> this
  friend bool operator==(const Neighbour&, const Neighbour&) = default;
  friend auto operator<=>(const Neighbour&, const Neighbour&) = default;
};

/// One directed, typed edge.
struct EdgeRef {
  EntityId src = 0;
  std::string type;
  EntityId dst = 0;
  friend bool operator==(const EdgeRef&, const EdgeRef&) = default;
  friend auto operator<=>(const EdgeRef&, const EdgeRef&) = default;
};

struct GraphCounts {
  uint64_t nodes = 0;
  uint64_t out_edges = 0;  ///< `out` entries: edges whose source lives here
  uint64_t in_edges = 0;   ///< `in` entries: edges whose target lives here
  friend bool operator==(const GraphCounts&, const GraphCounts&) = default;
};

/// Full-text statistics: of one shard, or summed over all (what BM25 scores
/// with, so that a document's score does not depend on the shard count).
struct TextStats {
  uint64_t documents = 0;
  uint64_t total_length = 0;  ///< terms over all documents
  std::vector<uint64_t> df;   ///< per query term: documents containing it
};

struct Bm25Params {
  double k1 = 1.2;
  double b = 0.75;
};

struct TextHit {
  EntityId id = 0;
  double score = 0;
};

}  // namespace ds::storage
