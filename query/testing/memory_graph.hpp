#pragma once

// A graph in memory behind the GraphSource interface: the executor's test
// double for the shards, answering at once. Its searches are simple stand-ins
// with the same contracts: text search scores a node by how many of the
// query's words (lower case) its string properties hold; a vector space is
// the property of that name (a list of numbers), searched by cosine. Built from import batches (so
// a test graph is a neo4j-admin CSV directory, the same files a server imports) or node by node.

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "query/exec/graph_source.hpp"
#include "storage/import/import_source.hpp"

namespace ds::query::testing {

class MemoryGraph final : public GraphSource {
 public:
  /// Adds or replaces a node; returns its id (1, 2, ... in order of first sight).
  storage::EntityId put_node(const storage::NodeItem& item);
  /// Adds an edge between existing keys (a missing key gets a bare node).
  void put_edge(const storage::EdgeItem& item);
  /// Every batch of `source`.
  Result<void> load(storage::ImportSource& source);

  std::size_t node_count() const { return nodes_.size(); }
  /// How many requests each kind of read took (to check batching).
  std::size_t expand_calls() const { return expand_calls_; }
  std::size_t get_calls() const { return get_calls_; }

  void scan_nodes(NodeScanRequest request, Reply<std::vector<storage::Node>> reply) override;
  void get_nodes(std::vector<storage::EntityId> ids,
                 Reply<std::vector<std::optional<storage::Node>>> reply) override;
  void get_nodes_by_key(std::vector<std::string> keys,
                        Reply<std::vector<std::optional<storage::Node>>> reply) override;
  void expand(std::vector<storage::EntityId> frontier, std::vector<std::string> types,
              storage::Direction direction, Reply<std::vector<ReachedEdge>> reply) override;
  void edge_properties(std::vector<storage::EdgeRef> edges,
                       Reply<std::vector<std::optional<Properties>>> reply) override;
  /// A node's vector in space S is its property S (a list of numbers).
  void node_vector(std::string space, storage::EntityId id,
                   Reply<std::optional<std::vector<float>>> reply) override;
  void search_vectors(VectorSearchRequest request, Reply<std::vector<ScoredNode>> reply) override;
  void search_text(std::string text, uint32_t limit, Reply<std::vector<ScoredNode>> reply) override;
  void reserve_ids(std::vector<std::string> keys,
                   Reply<std::vector<storage::EntityId>> reply) override;
  /// Applies the writes at once (a memory graph has one store).
  void commit(const WriteSet& writes, Reply<CommitResult> reply) override;

 private:
  storage::EntityId ensure(const std::string& key);

  std::map<storage::EntityId, storage::Node> nodes_;
  std::unordered_map<std::string, storage::EntityId> keys_;
  /// (src, type, dst) -> properties, ordered like the store's `out` entries.
  std::map<std::tuple<storage::EntityId, std::string, storage::EntityId>, Properties> edges_;
  storage::EntityId last_id_ = 0;
  std::size_t expand_calls_ = 0;
  std::size_t get_calls_ = 0;
};

}  // namespace ds::query::testing
