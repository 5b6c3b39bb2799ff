// NodeScan: the nodes matching labels and pushed-down predicates (asked of
// the graph source once, the predicates' parameters resolved), crossed with
// every input row.

#include <algorithm>

#include "query/exec/ops/operators.hpp"

namespace ds::query::ops {
namespace {

class NodeScan final : public UnaryOperator {
 public:
  NodeScan(ExecContext& context, OperatorPtr input, logical::NodeScan op)
      : UnaryOperator(context, "NodeScan", std::move(input)), op_(std::move(op)) {}

 protected:
  void produce(ChunkReply reply) override {
    if (!nodes_) return scan(std::move(reply));
    if (pending_ && position_ < pending_->size()) return emit(std::move(reply));
    pull([this, reply](QueryResult<std::optional<Chunk>> in) {
      if (!in || !*in) return reply(std::move(in));
      pending_ = std::move(**in);
      position_ = 0;
      node_ = 0;
      emit(reply);
    });
  }

 private:
  void scan(ChunkReply reply) {
    NodeScanRequest request;
    request.labels = op_.labels;
    if (op_.limit) {
      auto limit = row_count(*op_.limit, context(), "LIMIT");
      if (!limit) return reply(std::move(limit).error());
      // LIMIT 0 reads nothing; a store's limit of 0 would read everything.
      request.limit = std::max<uint64_t>(1, static_cast<uint64_t>(*limit));
    }
    for (const auto& predicate : op_.predicates) {
      auto value = evaluate(predicate.value, Row{}, context().eval());
      if (!value) return reply(std::move(value).error());
      request.predicates.push_back(ScanPredicate{predicate.key, predicate.op, std::move(*value)});
    }
    context().source().scan_nodes(
        std::move(request), resume<std::vector<storage::Node>>(
                                [this, reply](QueryResult<std::vector<storage::Node>> found) {
                                  if (!found) return reply(std::move(found).error());
                                  nodes_.emplace();
                                  auto& cache = context().nodes();
                                  for (auto& node : *found) {
                                    auto data =
                                        std::make_shared<const storage::Node>(std::move(node));
                                    cache[data->id] = data;
                                    nodes_->push_back(NodeValue{data->id, data});
                                  }
                                  produce(reply);
                                }));
  }

  /// Input rows times nodes, a chunk at a time.
  void emit(ChunkReply reply) {
    Chunk out;
    auto limit = context().options().chunk_size;
    while (position_ < pending_->size() && out.size() < limit) {
      if (node_ == nodes_->size()) {
        ++position_;
        node_ = 0;
        continue;
      }
      Row row = (*pending_)[position_];
      row[op_.slot] = (*nodes_)[node_++];
      out.push_back(std::move(row));
    }
    reply(std::optional<Chunk>{std::move(out)});
  }

  logical::NodeScan op_;
  std::optional<std::vector<NodeValue>> nodes_;
  std::optional<Chunk> pending_;
  std::size_t position_ = 0;
  std::size_t node_ = 0;
};

}  // namespace

OperatorPtr make_node_scan(ExecContext& context, OperatorPtr input, const logical::NodeScan& op) {
  return std::make_unique<NodeScan>(context, std::move(input), op);
}

}  // namespace ds::query::ops
