// Expand: one hop from every input row's node, the whole chunk's frontier
// in one request to the graph source (frontier batching).

#include <unordered_map>
#include <unordered_set>

#include "query/exec/ops/operators.hpp"
#include "query/exec/ops/rel_uniqueness.hpp"

namespace ds::query::ops {
namespace {

class Expand final : public UnaryOperator {
 public:
  Expand(ExecContext& context, OperatorPtr input, logical::Expand op)
      : UnaryOperator(context, "Expand", std::move(input)), op_(std::move(op)) {}

 protected:
  void produce(ChunkReply reply) override {
    pull([this, reply](QueryResult<std::optional<Chunk>> in) {
      if (!in || !*in) return reply(std::move(in));
      auto rows = std::make_shared<Chunk>(std::move(**in));
      std::vector<storage::EntityId> frontier;
      std::unordered_set<storage::EntityId> seen;
      for (const auto& row : *rows)
        if (auto* node = row[op_.from].get<NodeValue>(); node && seen.insert(node->id).second)
          frontier.push_back(node->id);
      if (frontier.empty()) return reply(std::optional<Chunk>{Chunk{}});
      context().source().expand(
          std::move(frontier), op_.types, op_.direction,
          resume<std::vector<ReachedEdge>>(
              [this, reply, rows](QueryResult<std::vector<ReachedEdge>> edges) {
                if (!edges) return reply(std::move(edges).error());
                join(*rows, *edges, reply);
              }));
    });
  }

 private:
  void join(Chunk& rows, const std::vector<ReachedEdge>& edges, const ChunkReply& reply) {
    std::unordered_map<storage::EntityId, std::vector<const ReachedEdge*>> by_node;
    for (const auto& edge : edges)
      by_node[edge.from].push_back(&edge);
    Chunk out;
    for (const auto& row : rows) {
      auto* node = row[op_.from].get<NodeValue>();
      if (!node) continue;
      auto found = by_node.find(node->id);
      if (found == by_node.end()) continue;
      for (const auto* edge : found->second) {
        if (op_.into) {
          auto* target = row[op_.to].get<NodeValue>();
          if (!target || target->id != edge->to) continue;
        }
        auto rel = edge_of(*edge);
        if (edge_taken(row, rel, op_.unique_rels, op_.unique_rel_lists)) continue;
        Row next = row;
        if (!op_.into) next[op_.to] = NodeValue{edge->to, nullptr};
        next[op_.rel] = std::move(rel);
        out.push_back(std::move(next));
      }
    }
    auto limit = context().check_rows(out.size(), "an expansion");
    if (!limit) return reply(std::move(limit).error());
    reply(std::optional<Chunk>{std::move(out)});
  }

  logical::Expand op_;
};

}  // namespace

OperatorPtr make_expand(ExecContext& context, OperatorPtr input, const logical::Expand& op) {
  return std::make_unique<Expand>(context, std::move(input), op);
}

}  // namespace ds::query::ops
