#pragma once

// The graph as a writing query sees it: the source's answers with the
// query's own uncommitted writes applied (a node created by CREATE is found
// by the MATCH after it; a deleted one is not; a SET is read back).
// Read-your-own-writes within one query, as Cypher requires; other queries
// see the writes once they are committed.

#include "query/exec/graph_source.hpp"
#include "query/exec/write_set.hpp"

namespace ds::query {

class WriteOverlay final : public GraphSource {
 public:
  WriteOverlay(GraphSource& base, const WriteSet& writes) : base_(base), writes_(writes) {}

  void scan_nodes(NodeScanRequest request, Reply<std::vector<storage::Node>> reply) override;
  void get_nodes(std::vector<storage::EntityId> ids,
                 Reply<std::vector<std::optional<storage::Node>>> reply) override;
  void get_nodes_by_key(std::vector<std::string> keys,
                        Reply<std::vector<std::optional<storage::Node>>> reply) override;
  void expand(std::vector<storage::EntityId> frontier, std::vector<std::string> types,
              storage::Direction direction, Reply<std::vector<ReachedEdge>> reply) override;
  void edge_properties(std::vector<storage::EdgeRef> edges,
                       Reply<std::vector<std::optional<Properties>>> reply) override;
  void node_vector(std::string space, storage::EntityId id,
                   Reply<std::optional<std::vector<float>>> reply) override;
  void search_vectors(VectorSearchRequest request, Reply<std::vector<ScoredNode>> reply) override;
  void search_text(std::string text, uint32_t limit, Reply<std::vector<ScoredNode>> reply) override;
  void reserve_ids(std::vector<std::string> keys,
                   Reply<std::vector<storage::EntityId>> reply) override;
  void commit(const WriteSet& writes, Reply<CommitResult> reply) override;

 private:
  /// Search hits with deleted nodes dropped and changed ones as they are now.
  Reply<std::vector<ScoredNode>> overlay_hits(Reply<std::vector<ScoredNode>> reply) const;

  GraphSource& base_;
  const WriteSet& writes_;
};

}  // namespace ds::query
