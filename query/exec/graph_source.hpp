#pragma once

// What the executor asks of the graph, asynchronously: the query engine
// actor answers from the shards (actors/query_engine), MemoryGraph from
// memory (tests). A reply may come at once or later, but always on the
// thread that runs the query (an actor's), one at a time.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/value.hpp"
#include "query/datum.hpp"
#include "query/query_error.hpp"
#include "query/syntax/ast.hpp"
#include "storage/graph/graph_types.hpp"

namespace ds::query {

/// `key op value` evaluated on a stored node (values resolved: no parameters).
struct ScanPredicate {
  std::string key;
  ast::Op op = ast::Op::eq;
  Datum value;
};

/// Nodes with every label in `labels` (none: all nodes) passing every predicate.
struct NodeScanRequest {
  std::vector<std::string> labels;
  std::vector<ScanPredicate> predicates;
  uint64_t limit = 0;  ///< each store returns at most this many (0: all)
};

/// One edge reached from a frontier node.
struct ReachedEdge {
  storage::EntityId from = 0;  ///< the frontier node
  storage::EntityId to = 0;    ///< the neighbour
  std::string type;
  bool outgoing = true;  ///< from -> to; false: to -> from
};

/// A node found by a search, with its score.
struct ScoredNode {
  storage::Node node;
  double score = 0;
};

/// The k nearest nodes in a vector space to `vector`, or to `text` encoded
/// by the built-in encoder (space "text").
struct VectorSearchRequest {
  std::string space;
  uint32_t k = 10;
  std::vector<float> vector;
  std::optional<std::string> text;
};

class WriteSet;
struct CommitResult;

class GraphSource {
 public:
  template <class T>
  using Reply = std::function<void(QueryResult<T>)>;

  virtual ~GraphSource() = default;

  /// Every node matching `request`, in id order.
  virtual void scan_nodes(NodeScanRequest request, Reply<std::vector<storage::Node>> reply) = 0;
  /// The nodes with `ids`, in order; nullopt for ids that do not exist.
  virtual void get_nodes(std::vector<storage::EntityId> ids,
                         Reply<std::vector<std::optional<storage::Node>>> reply) = 0;
  /// The nodes with external `keys`, in order; nullopt for keys with no node.
  virtual void get_nodes_by_key(std::vector<std::string> keys,
                                Reply<std::vector<std::optional<storage::Node>>> reply) = 0;
  /// The edges of the `frontier` nodes of `types` (empty: any) in `direction`.
  virtual void expand(std::vector<storage::EntityId> frontier, std::vector<std::string> types,
                      storage::Direction direction, Reply<std::vector<ReachedEdge>> reply) = 0;
  /// The properties of `edges`, in order; nullopt for edges that do not exist.
  virtual void edge_properties(std::vector<storage::EdgeRef> edges,
                               Reply<std::vector<std::optional<Properties>>> reply) = 0;
  /// The vector of node `id` in `space`; nullopt when it has none. An
  /// unknown space is an error.
  virtual void node_vector(std::string space, storage::EntityId id,
                           Reply<std::optional<std::vector<float>>> reply) = 0;
  /// Best first (procedures.hpp says what the scores mean).
  virtual void search_vectors(VectorSearchRequest request,
                              Reply<std::vector<ScoredNode>> reply) = 0;
  /// BM25 over the full-text index, best first, at most `limit`.
  virtual void search_text(std::string text, uint32_t limit,
                           Reply<std::vector<ScoredNode>> reply) = 0;
  /// Ids for the nodes with `keys` that a writing query is about to make
  /// (it needs them before it commits), in order.
  virtual void reserve_ids(std::vector<std::string> keys,
                           Reply<std::vector<storage::EntityId>> reply) = 0;
  /// Applies a query's writes, all or nothing per store (per shard), and
  /// answers the ids of created nodes that differ from the reserved ones (a
  /// node with the key was made meanwhile: it is the one written). What a reader sees
  /// meanwhile and what a crash leaves: docs/query-engine.md, "Writes".
  virtual void commit(const WriteSet& writes, Reply<CommitResult> reply) = 0;
};

/// Whether a stored node passes a pushed-down predicate: what a scan
/// evaluates where the node is (a shard, or MemoryGraph), with the
/// semantics of the Filter it replaces (null never passes).
bool passes(const storage::Node& node, const ScanPredicate& predicate);
bool passes(const storage::Node& node, const NodeScanRequest& request);

}  // namespace ds::query
