// NodeScan: the nodes matching labels and pushed-down predicates (asked of
// the graph source once, the predicates' parameters resolved), crossed with
// every input row. NodeByKey / NodeById: the same, but only the nodes a
// lookup names are read, at their owners, and checked here.

#include <algorithm>

#include "query/exec/ops/operators.hpp"

namespace ds::query::ops {
namespace {

class NodeScan final : public UnaryOperator {
 public:
  NodeScan(ExecContext& context, OperatorPtr input, logical::NodeScan op)
      : UnaryOperator(context, std::string(logical::name_of(logical::Body{op})), std::move(input)),
        op_(std::move(op)) {}

 protected:
  void produce(ChunkReply reply) override {
    // A reading query scans once, before its input. A writing one scans
    // after the input's first chunk (the writes before it are done then: an
    // Eager stands between) and again for each fresh input (MERGE's rows).
    bool writing = context().writing();
    if (!nodes_ && !writing) return scan(std::move(reply));
    if (pending_ && position_ < pending_->size()) return emit(std::move(reply));
    pull([this, reply, writing](QueryResult<std::optional<Chunk>> in) {
      if (!in || !*in) {
        if (writing) nodes_.reset();
        return reply(std::move(in));
      }
      pending_ = std::move(**in);
      position_ = 0;
      node_ = 0;
      if (!nodes_) return scan(reply);
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
    if (op_.lookup) return look_up(std::move(request), std::move(reply));
    context().source().scan_nodes(std::move(request),
                                  resume<std::vector<storage::Node>>(
                                      [this, reply](QueryResult<std::vector<storage::Node>> found) {
                                        if (!found) return reply(std::move(found).error());
                                        keep(std::move(*found));
                                        produce(reply);
                                      }));
  }

  void keep(std::vector<storage::Node> found) {
    nodes_.emplace();
    auto& cache = context().nodes();
    for (auto& node : found) {
      auto data = std::make_shared<const storage::Node>(std::move(node));
      cache[data->id] = data;
      nodes_->push_back(NodeValue{data->id, data});
    }
  }

  /// The values the lookup names, deduplicated: `key(n) IN ['a', 'a']`
  /// matches n once. A value of the wrong type names no node (it equals no
  /// key), and a null list none.
  QueryResult<std::vector<Datum>> lookup_values() {
    auto values = evaluate(op_.lookup->values, Row{}, context().eval());
    if (!values) return std::move(values).error();
    std::vector<Datum> out;
    auto add = [&](const Datum& value) {
      bool fits =
          op_.lookup->by_id ? value.get<int64_t>() != nullptr : value.get<std::string>() != nullptr;
      if (fits && std::find_if(out.begin(), out.end(),
                               [&](const Datum& d) { return equivalent(d, value); }) == out.end())
        out.push_back(value);
    };
    if (!op_.lookup->list) {
      add(*values);
    } else if (const auto* list = values->list()) {
      for (const auto& value : *list)
        add(value);
    } else if (!values->is_null()) {
      return QueryError{QueryErrc::type_error,
                        "IN expects a LIST, got " + std::string(type_name(*values)), std::nullopt};
    }
    return out;
  }

  void look_up(NodeScanRequest request, ChunkReply reply) {
    auto values = lookup_values();
    if (!values) return reply(std::move(values).error());
    auto found = resume<std::vector<std::optional<storage::Node>>>(
        [this, reply, request = std::move(request)](
            QueryResult<std::vector<std::optional<storage::Node>>> nodes) {
          if (!nodes) return reply(std::move(nodes).error());
          std::vector<storage::Node> kept;
          for (auto& node : *nodes)
            if (node && passes(*node, request)) kept.push_back(std::move(*node));
          keep(std::move(kept));
          produce(reply);
        });
    if (op_.lookup->by_id) {
      std::vector<storage::EntityId> ids;
      for (const auto& value : *values)
        ids.push_back(static_cast<storage::EntityId>(*value.get<int64_t>()));
      return context().source().get_nodes(std::move(ids), std::move(found));
    }
    std::vector<std::string> keys;
    for (const auto& value : *values)
      keys.push_back(*value.get<std::string>());
    context().source().get_nodes_by_key(std::move(keys), std::move(found));
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
