// LoadEntities: the labels and properties of the nodes, and the properties
// of the relationships, in some slots (also inside lists and paths), in one
// request per kind for the whole chunk; and the start and end nodes of the
// relationships in others, into the query's node cache for startNode and
// endNode. Nodes loaded earlier by the query come from its cache.

#include <map>
#include <set>
#include <tuple>

#include "query/exec/ops/operators.hpp"

namespace ds::query::ops {
namespace {

using EdgeKey = std::tuple<storage::EntityId, std::string, storage::EntityId>;

class LoadEntities final : public UnaryOperator {
 public:
  LoadEntities(ExecContext& context, OperatorPtr input, logical::LoadEntities op)
      : UnaryOperator(context, "LoadEntities", std::move(input)), op_(std::move(op)) {}

 protected:
  void produce(ChunkReply reply) override {
    pull([this, reply](QueryResult<std::optional<Chunk>> in) {
      if (!in || !*in) return reply(std::move(in));
      rows_ = std::move(**in);
      std::set<storage::EntityId> nodes;
      std::set<EdgeKey> edges;
      for (const auto& row : rows_) {
        for (auto slot : op_.slots)
          wanted(row[slot], false, nodes, edges);
        for (auto slot : op_.endpoint_slots)
          wanted(row[slot], true, nodes, edges);
      }
      load_nodes(std::vector<storage::EntityId>(nodes.begin(), nodes.end()),
                 std::vector<EdgeKey>(edges.begin(), edges.end()), reply);
    });
  }

 private:
  /// What `value` holds that is not loaded yet: its nodes and its
  /// relationships' properties, or (`endpoints`) only its relationships'
  /// start and end nodes.
  void wanted(const Datum& value, bool endpoints, std::set<storage::EntityId>& nodes,
              std::set<EdgeKey>& edges) {
    auto want = [&](storage::EntityId id) {
      if (!context().nodes().count(id)) nodes.insert(id);
    };
    if (auto* node = value.get<NodeValue>()) {
      if (!endpoints && !node->data) want(node->id);
    } else if (auto* rel = value.get<RelValue>()) {
      if (endpoints) {
        want(rel->src);
        want(rel->dst);
      } else if (!rel->properties) {
        edges.emplace(rel->src, rel->type, rel->dst);
      }
    } else if (auto* list = value.list()) {
      for (const auto& item : *list)
        wanted(item, endpoints, nodes, edges);
    } else if (auto* path = value.path()) {
      for (const auto& node : path->nodes)
        wanted(Datum{node}, endpoints, nodes, edges);
      for (const auto& rel : path->rels)
        wanted(Datum{rel}, endpoints, nodes, edges);
    } else if (auto* map = value.map_entries()) {
      for (const auto& entry : *map)
        wanted(entry.second, endpoints, nodes, edges);
    }
  }

  void load_nodes(std::vector<storage::EntityId> ids, std::vector<EdgeKey> edges,
                  ChunkReply reply) {
    if (ids.empty()) return load_edges(std::move(edges), std::move(reply));
    auto asked = ids;
    context().source().get_nodes(
        std::move(ids),
        resume<std::vector<std::optional<storage::Node>>>(
            [this, asked, edges = std::move(edges),
             reply](QueryResult<std::vector<std::optional<storage::Node>>> found) mutable {
              if (!found) return reply(std::move(found).error());
              auto& cache = context().nodes();
              for (std::size_t i = 0; i < asked.size(); ++i) {
                storage::Node node;
                if (i < found->size() && (*found)[i]) node = std::move(*(*found)[i]);
                node.id = asked[i];  // a node deleted meanwhile reads as bare
                cache[asked[i]] = std::make_shared<const storage::Node>(std::move(node));
              }
              load_edges(std::move(edges), std::move(reply));
            }));
  }

  void load_edges(std::vector<EdgeKey> edges, ChunkReply reply) {
    if (edges.empty()) return finish(reply);
    std::vector<storage::EdgeRef> refs;
    for (const auto& [src, type, dst] : edges)
      refs.push_back(storage::EdgeRef{src, type, dst});
    context().source().edge_properties(
        std::move(refs),
        resume<std::vector<std::optional<Properties>>>(
            [this, edges = std::move(edges),
             reply](QueryResult<std::vector<std::optional<Properties>>> found) {
              if (!found) return reply(std::move(found).error());
              for (std::size_t i = 0; i < edges.size(); ++i)
                edges_[edges[i]] = std::make_shared<const Properties>(
                    i < found->size() && (*found)[i] ? std::move(*(*found)[i]) : Properties{});
              finish(reply);
            }));
  }

  /// `value` with every node and relationship in it filled in; false if unchanged.
  bool fill(Datum& value) {
    if (auto* node = std::get_if<NodeValue>(&value.data)) {
      if (node->data) return false;
      auto found = context().nodes().find(node->id);
      if (found == context().nodes().end()) return false;
      node->data = found->second;
      return true;
    }
    if (auto* rel = std::get_if<RelValue>(&value.data)) {
      if (rel->properties) return false;
      auto found = edges_.find(EdgeKey{rel->src, rel->type, rel->dst});
      if (found == edges_.end()) return false;
      rel->properties = found->second;
      return true;
    }
    if (auto* list = value.list()) {
      Datum::List copy = *list;
      bool changed = false;
      for (auto& item : copy)
        changed = fill(item) || changed;
      if (changed) value = Datum{std::move(copy)};
      return changed;
    }
    if (auto* path = value.path()) {
      PathData copy = *path;
      bool changed = false;
      for (auto& node : copy.nodes) {
        Datum item{node};
        if (fill(item)) {
          node = *item.get<NodeValue>();
          changed = true;
        }
      }
      for (auto& rel : copy.rels) {
        Datum item{rel};
        if (fill(item)) {
          rel = *item.get<RelValue>();
          changed = true;
        }
      }
      if (changed) value = Datum{std::move(copy)};
      return changed;
    }
    if (auto* map = value.map_entries()) {
      Datum::Map copy = *map;
      bool changed = false;
      for (auto& entry : copy)
        changed = fill(entry.second) || changed;
      if (changed) value = Datum::map(std::move(copy));
      return changed;
    }
    return false;
  }

  void finish(const ChunkReply& reply) {
    for (auto& row : rows_)
      for (auto slot : op_.slots)
        fill(row[slot]);
    edges_.clear();
    reply(std::optional<Chunk>{std::exchange(rows_, {})});
  }

  logical::LoadEntities op_;
  Chunk rows_;
  std::map<EdgeKey, std::shared_ptr<const Properties>> edges_;
};

}  // namespace

OperatorPtr make_load_entities(ExecContext& context, OperatorPtr input,
                               const logical::LoadEntities& op) {
  return std::make_unique<LoadEntities>(context, std::move(input), op);
}

}  // namespace ds::query::ops
