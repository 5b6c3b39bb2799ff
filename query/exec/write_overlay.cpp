#include "query/exec/write_overlay.hpp"

#include <algorithm>
#include <set>
#include <tuple>

namespace ds::query {
namespace {

using Ids = std::vector<storage::EntityId>;
using MaybeNodes = std::vector<std::optional<storage::Node>>;

/// Whether the edge is gone: deleted, or one of its nodes is.
bool edge_gone(const WriteSet& writes, const storage::EdgeRef& edge) {
  if (writes.deleted(edge.src) || writes.deleted(edge.dst)) return true;
  const auto* change = writes.edge(edge);
  return change && !change->after;
}

storage::EdgeRef ref_of(const ReachedEdge& reached) {
  return reached.outgoing ? storage::EdgeRef{reached.from, reached.type, reached.to}
                          : storage::EdgeRef{reached.to, reached.type, reached.from};
}

}  // namespace

void WriteOverlay::scan_nodes(NodeScanRequest request, Reply<std::vector<storage::Node>> reply) {
  // Nodes this query changed may have stopped or started to pass: the
  // store's answer for them is replaced by their new state.
  if (request.limit) request.limit += writes_.nodes().size();
  auto wanted = request;
  base_.scan_nodes(std::move(request), [this, wanted = std::move(wanted),
                                        reply = std::move(reply)](auto found) mutable {
    if (!found) return reply(std::move(found));
    std::vector<storage::Node> out;
    for (auto& node : *found)
      if (!writes_.node(node.id)) out.push_back(std::move(node));
    for (const auto& [id, change] : writes_.nodes())
      if (change.after && passes(*change.after, wanted)) out.push_back(*change.after);
    std::sort(out.begin(), out.end(),
              [](const storage::Node& a, const storage::Node& b) { return a.id < b.id; });
    if (wanted.limit && out.size() > wanted.limit) out.resize(wanted.limit);
    reply(std::move(out));
  });
}

void WriteOverlay::get_nodes(Ids ids, Reply<MaybeNodes> reply) {
  Ids asked;
  for (auto id : ids)
    if (!writes_.node(id)) asked.push_back(id);
  base_.get_nodes(asked, [this, ids = std::move(ids), reply = std::move(reply)](auto found) {
    if (!found) return reply(std::move(found));
    MaybeNodes out;
    std::size_t next = 0;
    for (auto id : ids) {
      if (const auto* change = writes_.node(id)) {
        out.push_back(change->after ? std::optional{*change->after} : std::nullopt);
      } else {
        out.push_back(next < found->size() ? std::move((*found)[next]) : std::nullopt);
        ++next;
      }
    }
    reply(std::move(out));
  });
}

void WriteOverlay::get_nodes_by_key(std::vector<std::string> keys, Reply<MaybeNodes> reply) {
  std::vector<std::string> asked;
  for (const auto& key : keys)
    if (!writes_.id_of_key(key)) asked.push_back(key);
  base_.get_nodes_by_key(
      asked, [this, keys = std::move(keys), reply = std::move(reply)](auto found) {
        if (!found) return reply(std::move(found));
        MaybeNodes out;
        std::size_t next = 0;
        for (const auto& key : keys) {
          if (auto id = writes_.id_of_key(key)) {
            const auto* change = writes_.node(*id);
            out.push_back(change && change->after ? std::optional{*change->after} : std::nullopt);
            continue;
          }
          std::optional<storage::Node> node;
          if (next < found->size()) node = std::move((*found)[next]);
          ++next;
          if (node && writes_.deleted(node->id)) node.reset();
          out.push_back(std::move(node));
        }
        reply(std::move(out));
      });
}

void WriteOverlay::expand(Ids frontier, std::vector<std::string> types,
                          storage::Direction direction, Reply<std::vector<ReachedEdge>> reply) {
  Ids stored;
  for (auto id : frontier)
    if (!writes_.deleted(id)) stored.push_back(id);
  auto wanted = [types](const std::string& type) {
    return types.empty() || std::find(types.begin(), types.end(), type) != types.end();
  };
  base_.expand(std::move(stored), std::move(types), direction,
               [this, frontier = std::move(frontier), wanted, direction,
                reply = std::move(reply)](auto found) {
                 if (!found) return reply(std::move(found));
                 std::vector<ReachedEdge> out;
                 std::set<std::tuple<storage::EntityId, storage::EntityId, std::string, bool>> seen;
                 auto add = [&](ReachedEdge edge) {
                   if (edge_gone(writes_, ref_of(edge))) return;
                   if (seen.emplace(edge.from, edge.to, edge.type, edge.outgoing).second)
                     out.push_back(std::move(edge));
                 };
                 for (auto& edge : *found)
                   add(std::move(edge));
                 for (auto id : frontier)
                   for (const auto& edge : writes_.created_edges_of(id)) {
                     if (!wanted(edge.type)) continue;
                     if (edge.src == id && direction != storage::Direction::in)
                       add(ReachedEdge{id, edge.dst, edge.type, true});
                     if (edge.dst == id && direction != storage::Direction::out)
                       add(ReachedEdge{id, edge.src, edge.type, false});
                   }
                 reply(std::move(out));
               });
}

void WriteOverlay::edge_properties(std::vector<storage::EdgeRef> edges,
                                   Reply<std::vector<std::optional<Properties>>> reply) {
  std::vector<storage::EdgeRef> asked;
  for (const auto& edge : edges)
    if (!writes_.edge(edge) && !edge_gone(writes_, edge)) asked.push_back(edge);
  base_.edge_properties(
      asked, [this, edges = std::move(edges), reply = std::move(reply)](auto found) {
        if (!found) return reply(std::move(found));
        std::vector<std::optional<Properties>> out;
        std::size_t next = 0;
        for (const auto& edge : edges) {
          if (const auto* change = writes_.edge(edge); change || edge_gone(writes_, edge)) {
            out.push_back(change && !edge_gone(writes_, edge) ? change->after : std::nullopt);
            continue;
          }
          out.push_back(next < found->size() ? std::move((*found)[next]) : std::nullopt);
          ++next;
        }
        reply(std::move(out));
      });
}

void WriteOverlay::node_vector(std::string space, storage::EntityId id,
                               Reply<std::optional<std::vector<float>>> reply) {
  // A deleted node has no vector any more (a created one has none yet: the
  // store says so).
  if (writes_.deleted(id)) return reply(std::optional<std::vector<float>>{});
  base_.node_vector(std::move(space), id, std::move(reply));
}

GraphSource::Reply<std::vector<ScoredNode>> WriteOverlay::overlay_hits(
    Reply<std::vector<ScoredNode>> reply) const {
  return [this, reply = std::move(reply)](QueryResult<std::vector<ScoredNode>> found) {
    if (!found) return reply(std::move(found));
    std::vector<ScoredNode> out;
    for (auto& hit : *found) {
      if (const auto* change = writes_.node(hit.node.id)) {
        if (!change->after) continue;
        hit.node = *change->after;
      }
      out.push_back(std::move(hit));
    }
    reply(std::move(out));
  };
}

void WriteOverlay::search_vectors(VectorSearchRequest request,
                                  Reply<std::vector<ScoredNode>> reply) {
  base_.search_vectors(std::move(request), overlay_hits(std::move(reply)));
}

void WriteOverlay::search_text(std::string text, uint32_t limit,
                               Reply<std::vector<ScoredNode>> reply) {
  base_.search_text(std::move(text), limit, overlay_hits(std::move(reply)));
}

void WriteOverlay::reserve_ids(std::vector<std::string> keys,
                               Reply<std::vector<storage::EntityId>> reply) {
  base_.reserve_ids(std::move(keys), std::move(reply));
}

void WriteOverlay::commit(const WriteSet& writes, Reply<CommitResult> reply) {
  base_.commit(writes, std::move(reply));
}

}  // namespace ds::query
