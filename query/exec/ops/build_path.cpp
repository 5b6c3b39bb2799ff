// BuildPath: a path value from a pattern's node, relationship and
// var-length segment slots. A segment expanded right-to-left (the planner
// may start a pattern at its end) is reversed to read in pattern order.

#include "query/exec/ops/operators.hpp"

namespace ds::query::ops {
namespace {

class BuildPath final : public UnaryOperator {
 public:
  BuildPath(ExecContext& context, OperatorPtr input, logical::BuildPath op)
      : UnaryOperator(context, "BuildPath", std::move(input)), op_(std::move(op)) {}

 protected:
  void produce(ChunkReply reply) override {
    pull([this, reply](QueryResult<std::optional<Chunk>> in) {
      if (!in || !*in) return reply(std::move(in));
      for (auto& row : **in)
        row[op_.slot] = build(row);
      reply(std::move(in));
    });
  }

 private:
  Datum build(const Row& row) const {
    auto* start = row[op_.start].get<NodeValue>();
    if (!start) return {};
    PathData path;
    path.nodes.push_back(*start);
    for (const auto& [edge_slot, node_slot] : op_.steps) {
      const Datum& edge = row[edge_slot];
      auto* node = row[node_slot].get<NodeValue>();
      if (!node) return {};
      if (auto* rel = edge.get<RelValue>()) {
        path.rels.push_back(*rel);
        path.nodes.push_back(*node);
      } else if (auto* segment = edge.path()) {
        bool forwards = segment->nodes.front().id == path.nodes.back().id;
        auto nodes = segment->nodes;
        auto rels = segment->rels;
        if (!forwards) {
          std::reverse(nodes.begin(), nodes.end());
          std::reverse(rels.begin(), rels.end());
        }
        path.nodes.insert(path.nodes.end(), nodes.begin() + 1, nodes.end());
        path.rels.insert(path.rels.end(), rels.begin(), rels.end());
      } else {
        return {};
      }
    }
    return Datum{std::move(path)};
  }

  logical::BuildPath op_;
};

}  // namespace

OperatorPtr make_build_path(ExecContext& context, OperatorPtr input, const logical::BuildPath& op) {
  return std::make_unique<BuildPath>(context, std::move(input), op);
}

}  // namespace ds::query::ops
