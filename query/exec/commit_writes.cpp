#include "query/exec/commit_writes.hpp"

namespace ds::query {
namespace {

using Done = std::function<void(QueryResult<CommitResult>)>;

QueryError still_connected(const WriteSet& writes, storage::EntityId id) {
  const auto* change = writes.node(id);
  auto name = change && !change->key.empty()
                  ? "'" + change->key + "' (id " + std::to_string(id) + ")"
                  : std::to_string(id);
  return QueryError{QueryErrc::semantic_error,
                    "cannot delete node " + name +
                        ": it still has relationships (DETACH DELETE deletes them with it)",
                    std::nullopt};
}

/// Whether `edge` of the deleted node `id` outlives the query.
bool survives(const WriteSet& writes, const storage::EdgeRef& edge, storage::EntityId id) {
  const auto* change = writes.edge(edge);
  if (change && !change->after) return false;
  auto other = edge.src == id ? edge.dst : edge.src;
  const auto* node = writes.node(other);
  return !(node && !node->after && node->detach);
}

void commit(ExecContext& context, Done done) {
  context.store().commit(context.writes(), context.resume<CommitResult>(std::move(done)));
}

}  // namespace

void commit_writes(ExecContext& context, Done done) {
  const auto& writes = context.writes();
  if (writes.empty()) return done(CommitResult{});
  std::vector<storage::EntityId> stored;
  for (const auto& [id, change] : writes.nodes()) {
    if (change.after || change.detach) continue;
    for (const auto& edge : writes.created_edges_of(id))
      if (survives(writes, edge, id)) return done(still_connected(writes, id));
    if (!change.created) stored.push_back(id);
  }
  if (stored.empty()) return commit(context, std::move(done));
  context.store().expand(
      std::move(stored), {}, storage::Direction::both,
      context.resume<std::vector<ReachedEdge>>(
          [&context, done = std::move(done)](QueryResult<std::vector<ReachedEdge>> found) mutable {
            if (!found) return done(std::move(found).error());
            for (const auto& reached : *found) {
              auto edge = reached.outgoing
                              ? storage::EdgeRef{reached.from, reached.type, reached.to}
                              : storage::EdgeRef{reached.to, reached.type, reached.from};
              if (survives(context.writes(), edge, reached.from))
                return done(still_connected(context.writes(), reached.from));
            }
            commit(context, std::move(done));
          }));
}

}  // namespace ds::query
