#pragma once

// The query library's GraphSource over the graph shards: each read goes to
// the shards that hold its nodes (by the shard map), one message per shard
// for the whole batch, and the replies are merged; vector and text searches
// run as the gateway runs them (actors/search). Every request carries the
// query's deadline and priority (docs/serving.md says where priority counts).

#include <chrono>
#include <map>
#include <memory>

#include "actors/query_engine/engine_state.hpp"
#include "actors/query_engine/query_scope.hpp"
#include "actors/routing/shard_calls.hpp"
#include "actors/search/search_context.hpp"
#include "query/exec/graph_source.hpp"

namespace ds::actors {

class ShardSource final : public query::GraphSource {
 public:
  /// `self` sends the requests and receives the replies (the query runs on
  /// its thread); it must outlive the query. Every request carries `scope`.
  ShardSource(EngineSelf self, QueryScope scope);

  void scan_nodes(query::NodeScanRequest request, Reply<std::vector<storage::Node>> reply) override;
  void get_nodes(std::vector<storage::EntityId> ids,
                 Reply<std::vector<std::optional<storage::Node>>> reply) override;
  void get_nodes_by_key(std::vector<std::string> keys,
                        Reply<std::vector<std::optional<storage::Node>>> reply) override;
  void expand(std::vector<storage::EntityId> frontier, std::vector<std::string> types,
              storage::Direction direction, Reply<std::vector<query::ReachedEdge>> reply) override;
  void edge_properties(std::vector<storage::EdgeRef> edges,
                       Reply<std::vector<std::optional<Properties>>> reply) override;
  void node_vector(std::string space, storage::EntityId id,
                   Reply<std::optional<std::vector<float>>> reply) override;
  void search_vectors(query::VectorSearchRequest request,
                      Reply<std::vector<query::ScoredNode>> reply) override;
  void search_text(std::string text, uint32_t limit,
                   Reply<std::vector<query::ScoredNode>> reply) override;
  void reserve_ids(std::vector<std::string> keys,
                   Reply<std::vector<storage::EntityId>> reply) override;
  void commit(const query::WriteSet& writes, Reply<query::CommitResult> reply) override;

 private:
  /// Sends `requests[shard]` as `op` to each shard, and the replies (shard
  /// order) or the first error to `done`.
  template <class Done>
  void ask(ShardOp op, std::map<uint32_t, wire::Envelope> requests, Done done);
  /// get_nodes (Name: EntityId) and get_nodes_by_key (Name: std::string).
  template <class Name>
  void look_up(std::vector<Name> names, Reply<std::vector<std::optional<storage::Node>>> reply);

  using SearchRun = void (*)(const SearchContext&, const wire::Envelope&,
                             std::function<void(Result<wire::Envelope>)>);
  /// Runs `request` (a vector or text query) as the gateway would
  /// (actors/search); `hits` reads the answer into (key, score) pairs, whose
  /// nodes are then looked up by key.
  template <class ReadHits>
  void search(SearchRun run, wire::Envelope request, ReadHits hits,
              Reply<std::vector<query::ScoredNode>> reply);

  EngineSelf self_;
  ShardCalls calls_;  ///< every shard request: actors/routing/shard_calls.hpp
  QueryScope scope_;
};

}  // namespace ds::actors
