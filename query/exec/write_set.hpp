#pragma once

// What a query's writes did, before they are committed: each node and
// relationship they touched, with its state after them. Write operators
// record here; later operators of the same query read through it
// (WriteOverlay); at the end the executor hands it to the graph source to
// commit (GraphSource::commit). docs/query-engine.md, "Writes".
//
// A node created by the query has its id from the start: the store reserves
// it (GraphSource::reserve_ids) before the node is recorded here.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/update_counts.hpp"
#include "query/datum.hpp"
#include "storage/graph/graph_types.hpp"

namespace ds::query {

/// A node's state after the query's writes. The touched sets say what a
/// store that patches must change (so that two queries setting different
/// properties of one node do not undo each other): each touched key is set
/// to its value in `after`, or removed when `after` has none; likewise labels.
struct NodeChange {
  std::shared_ptr<const storage::Node> after;  ///< null: deleted
  bool created = false;
  /// Made by CREATE with its `~key`: the commit refuses it when another
  /// query made a node with that key meanwhile (MERGE matches it instead).
  bool must_be_new = false;
  bool detach = false;           ///< deleted with DETACH: its relationships go too
  bool replaced = false;         ///< every property replaced (`n = map`)
  std::string key;               ///< deleted: its key as last loaded (for errors)
  std::set<std::string> keys;    ///< properties set or removed
  std::set<std::string> labels;  ///< labels added or removed
};

/// A relationship's state after the query's writes.
struct EdgeChange {
  std::optional<Properties> after;  ///< nullopt: deleted
  bool created = false;             ///< by this query (CREATE, MERGE)
};

/// Neo4j's update counters.
using WriteCounts = UpdateCounts;

/// What a commit changed of the query's view: the ids of created nodes
/// whose key another writer took first (the node written is that one).
struct CommitResult {
  std::unordered_map<storage::EntityId, storage::EntityId> ids;
  uint64_t relationships_detached = 0;  ///< deleted with their DETACH-deleted nodes
};

class WriteSet {
 public:
  /// `cache`: the query's loaded nodes, kept in step with the changes.
  explicit WriteSet(NodeCache& cache) : cache_(cache) {}

  bool empty() const { return nodes_.empty() && edges_.empty(); }
  const WriteCounts& counts() const { return counts_; }
  WriteCounts& counts() { return counts_; }

  /// A new node with the id reserved for it. `key` must be free (the caller
  /// checked the store; key_taken() checks this query's own nodes).
  NodeValue create_node(storage::EntityId id, std::string key, std::vector<std::string> labels,
                        Properties properties, bool must_be_new = false);
  /// Records `after` as the node's new state (its id names it).
  void update_node(storage::Node after, const std::set<std::string>& keys,
                   const std::set<std::string>& labels, bool replaced);
  /// Returns false if it was deleted already.
  bool delete_node(storage::EntityId id, bool detach);

  RelValue create_edge(storage::EntityId src, std::string type, storage::EntityId dst,
                       Properties properties);
  void update_edge(const storage::EdgeRef& edge, Properties after);
  /// Returns false if it was deleted already.
  bool delete_edge(const storage::EdgeRef& edge);

  const NodeChange* node(storage::EntityId id) const;
  const EdgeChange* edge(const storage::EdgeRef& edge) const;
  /// Whether a live node of this query's writes has `key`.
  bool key_taken(const std::string& key) const;
  std::optional<storage::EntityId> id_of_key(const std::string& key) const;
  /// The node is deleted by this query.
  bool deleted(storage::EntityId id) const;

  const std::map<storage::EntityId, NodeChange>& nodes() const { return nodes_; }
  const std::map<storage::EdgeRef, EdgeChange>& edges() const { return edges_; }
  /// The relationships this query created that touch `id`.
  std::vector<storage::EdgeRef> created_edges_of(storage::EntityId id) const;

  /// `value` with every node and relationship in it as the writes left it
  /// (a row read before a SET sees the SET after it).
  void refresh(Datum& value) const;

 private:
  NodeCache& cache_;
  std::map<storage::EntityId, NodeChange> nodes_;
  std::map<storage::EdgeRef, EdgeChange> edges_;
  std::unordered_map<std::string, storage::EntityId> keys_;  // of created and changed nodes
  std::multimap<storage::EntityId, storage::EdgeRef> created_by_node_;
  WriteCounts counts_;
};

/// `value` with the ids of `ids` replaced.
void assign_ids(Datum& value, const std::unordered_map<storage::EntityId, storage::EntityId>& ids);

}  // namespace ds::query
