// VarExpand: paths of min..max hops from every input row's node, breadth
// first: each depth is one batched request for the distinct end nodes of
// all walks so far (frontier batching across rows and walks). A walk never
// takes an edge twice (relationship uniqueness), nor an edge the row holds.

#include <unordered_map>
#include <unordered_set>

#include "query/exec/ops/operators.hpp"
#include "query/exec/ops/rel_uniqueness.hpp"

namespace ds::query::ops {
namespace {

struct Walk {
  std::size_t row = 0;
  std::vector<storage::EntityId> nodes;
  std::vector<RelValue> rels;
};

class VarExpand final : public UnaryOperator {
 public:
  VarExpand(ExecContext& context, OperatorPtr input, logical::VarExpand op)
      : UnaryOperator(context, "VarExpand", std::move(input)), op_(std::move(op)) {}

 protected:
  void produce(ChunkReply reply) override {
    pull([this, reply](QueryResult<std::optional<Chunk>> in) {
      if (!in || !*in) return reply(std::move(in));
      rows_ = std::move(**in);
      walks_.clear();
      out_.clear();
      depth_ = 0;
      for (std::size_t r = 0; r < rows_.size(); ++r)
        if (auto* node = rows_[r][op_.from].get<NodeValue>())
          walks_.push_back(Walk{r, {node->id}, {}});
      if (op_.min == 0)
        for (const auto& walk : walks_)
          emit(walk);
      step(reply);
    });
  }

 private:
  void step(const ChunkReply& reply) {
    if (walks_.empty() || depth_ >= op_.max) return finish(reply);
    std::vector<storage::EntityId> frontier;
    std::unordered_set<storage::EntityId> seen;
    for (const auto& walk : walks_)
      if (seen.insert(walk.nodes.back()).second) frontier.push_back(walk.nodes.back());
    context().source().expand(std::move(frontier), op_.types, op_.direction,
                              resume<std::vector<ReachedEdge>>(
                                  [this, reply](QueryResult<std::vector<ReachedEdge>> edges) {
                                    if (!edges) return reply(std::move(edges).error());
                                    extend(*edges);
                                    ++depth_;
                                    if (depth_ >= op_.min)
                                      for (const auto& walk : walks_)
                                        emit(walk);
                                    auto limit = context().check_rows(
                                        walks_.size() + out_.size(), "a variable-length expansion");
                                    if (!limit) return reply(std::move(limit).error());
                                    step(reply);
                                  }));
  }

  void extend(const std::vector<ReachedEdge>& edges) {
    std::unordered_map<storage::EntityId, std::vector<const ReachedEdge*>> by_node;
    for (const auto& edge : edges)
      by_node[edge.from].push_back(&edge);
    std::vector<Walk> next;
    for (const auto& walk : walks_) {
      auto found = by_node.find(walk.nodes.back());
      if (found == by_node.end()) continue;
      for (const auto* edge : found->second) {
        auto rel = edge_of(*edge);
        bool repeated = false;
        for (const auto& taken : walk.rels)
          repeated = repeated || same_edge(taken, rel);
        if (repeated || edge_taken(rows_[walk.row], rel, op_.unique_rels, op_.unique_rel_lists))
          continue;
        Walk longer = walk;
        longer.nodes.push_back(edge->to);
        longer.rels.push_back(std::move(rel));
        next.push_back(std::move(longer));
      }
    }
    walks_ = std::move(next);
  }

  void emit(const Walk& walk) {
    const Row& row = rows_[walk.row];
    if (op_.into) {
      auto* target = row[op_.to].get<NodeValue>();
      if (!target || target->id != walk.nodes.back()) return;
    }
    Row out = row;
    if (!op_.into) out[op_.to] = NodeValue{walk.nodes.back(), nullptr};
    if (op_.rel_list) {
      Datum::List rels;
      for (const auto& rel : walk.rels)
        rels.emplace_back(rel);
      out[*op_.rel_list] = Datum{std::move(rels)};
    }
    if (op_.path) {
      PathData path;
      for (auto id : walk.nodes)
        path.nodes.push_back(NodeValue{id, nullptr});
      path.rels = walk.rels;
      out[*op_.path] = Datum{std::move(path)};
    }
    out_.push_back(std::move(out));
  }

  void finish(const ChunkReply& reply) {
    walks_.clear();
    rows_.clear();
    reply(std::optional<Chunk>{std::exchange(out_, {})});
  }

  logical::VarExpand op_;
  Chunk rows_;
  std::vector<Walk> walks_;
  Chunk out_;
  int64_t depth_ = 0;
};

}  // namespace

OperatorPtr make_var_expand(ExecContext& context, OperatorPtr input, const logical::VarExpand& op) {
  return std::make_unique<VarExpand>(context, std::move(input), op);
}

}  // namespace ds::query::ops
