// ProcedureCall: for each input row, the procedure's arguments evaluated,
// one search asked of the graph source, and one output row per hit (the
// row's values, the hit's node and score).

#include <cmath>

#include "query/exec/ops/operators.hpp"

namespace ds::query::ops {
namespace {

QueryError bad_argument(std::string message, SourcePos pos) {
  return QueryError{QueryErrc::type_error, std::move(message), pos};
}

class ProcedureCall final : public UnaryOperator {
 public:
  ProcedureCall(ExecContext& context, OperatorPtr input, logical::ProcedureCall op)
      : UnaryOperator(context, "ProcedureCall", std::move(input)), op_(std::move(op)) {}

 protected:
  void produce(ChunkReply reply) override {
    pull([this, reply](ChunkResult in) {
      if (!in) return reply(std::move(in).error());
      if (!*in) return reply(end_of_rows());
      rows_ = std::move(**in);
      next_ = 0;
      out_.clear();
      call_next(reply);
    });
  }

 private:
  void call_next(const ChunkReply& reply) {
    if (next_ == rows_.size()) {
      rows_.clear();
      return reply(std::optional<Chunk>{std::exchange(out_, {})});
    }
    std::vector<Datum> args;
    for (const auto& arg : op_.args) {
      auto value = evaluate(arg, rows_[next_], context().eval());
      if (!value) return reply(std::move(value).error());
      args.push_back(std::move(value).value());
    }
    auto done =
        resume<std::vector<ScoredNode>>([this, reply](QueryResult<std::vector<ScoredNode>> hits) {
          if (!hits) return reply(std::move(hits).error());
          emit(rows_[next_], *hits);
          ++next_;
          auto limit = context().check_rows(out_.size(), "a procedure's results");
          if (!limit) return reply(std::move(limit).error());
          call_next(reply);
        });
    auto started = start(args, done);
    if (!started) reply(std::move(started).error());
  }

  QueryResult<bool> start(const std::vector<Datum>& args,
                          const GraphSource::Reply<std::vector<ScoredNode>>& done) {
    switch (op_.procedure) {
      case Procedure::vector_query_nodes:
        return vector_search(args, done);
      case Procedure::fulltext_query_nodes:
        return text_search(args, done);
      case Procedure::kg_similar:
        return similar(args, done);
    }
    return true;
  }

  /// kg.similar(node, k, space): the k nodes nearest to the node's own
  /// vector in the space, itself left out. A node without a vector there
  /// has no similar nodes (no rows), as a null node has none.
  QueryResult<bool> similar(const std::vector<Datum>& args,
                            const GraphSource::Reply<std::vector<ScoredNode>>& done) {
    if (args[0].is_null()) {
      done(std::vector<ScoredNode>{});
      return true;
    }
    auto* node = args[0].get<NodeValue>();
    if (!node)
      return bad_argument("kg.similar: the first argument must be a NODE", op_.args[0].pos);
    auto* k = args[1].get<int64_t>();
    if (!k || *k < 1 || *k > 100'000)
      return bad_argument("kg.similar: k must be an INTEGER in 1..100000", op_.args[1].pos);
    auto* space = args[2].get<std::string>();
    if (!space) return bad_argument("kg.similar: the space must be a STRING", op_.args[2].pos);
    auto& source = context().source();
    auto self = node->id;
    auto wanted = static_cast<uint32_t>(*k);
    source.node_vector(
        *space, self,
        resume<std::optional<std::vector<float>>>(
            [this, done, self, wanted,
             space = *space](QueryResult<std::optional<std::vector<float>>> vector) {
              if (!vector) return done(std::move(vector).error());
              if (!*vector) return done(std::vector<ScoredNode>{});
              VectorSearchRequest request{space, wanted + 1, std::move(**vector), std::nullopt};
              context().source().search_vectors(
                  std::move(request),
                  [done, self, wanted](QueryResult<std::vector<ScoredNode>> hits) {
                    if (!hits) return done(std::move(hits).error());
                    std::erase_if(*hits,
                                  [self](const ScoredNode& hit) { return hit.node.id == self; });
                    if (hits->size() > wanted) hits->resize(wanted);
                    done(std::move(hits));
                  });
            }));
    return true;
  }

  QueryResult<bool> vector_search(const std::vector<Datum>& args,
                                  const GraphSource::Reply<std::vector<ScoredNode>>& done) {
    const auto& pos = op_.args[0].pos;
    auto* space = args[0].get<std::string>();
    if (!space) return bad_argument("queryNodes: the space must be a STRING", pos);
    auto* k = args[1].get<int64_t>();
    if (!k || *k < 1 || *k > 100'000)
      return bad_argument("queryNodes: k must be an INTEGER in 1..100000", op_.args[1].pos);
    VectorSearchRequest request;
    request.space = *space;
    request.k = static_cast<uint32_t>(*k);
    if (auto* text = args[2].get<std::string>()) {
      request.text = *text;
    } else if (auto* list = args[2].list()) {
      for (const auto& item : *list) {
        if (!item.is_number() || !std::isfinite(item.number()))
          return bad_argument("queryNodes: the vector must hold numbers only", op_.args[2].pos);
        request.vector.push_back(static_cast<float>(item.number()));
      }
    } else {
      return bad_argument("queryNodes: the query must be a LIST of numbers or a STRING",
                          op_.args[2].pos);
    }
    context().source().search_vectors(std::move(request), done);
    return true;
  }

  QueryResult<bool> text_search(const std::vector<Datum>& args,
                                const GraphSource::Reply<std::vector<ScoredNode>>& done) {
    auto* index = args[0].get<std::string>();
    if (!index || *index != kFullTextIndex)
      return QueryError{QueryErrc::semantic_error,
                        "unknown full-text index " + to_display(args[0]) +
                            " (this node has one: '" + std::string(kFullTextIndex) +
                            "', over the text.properties of every node)",
                        op_.args[0].pos};
    auto* text = args[1].get<std::string>();
    if (!text)
      return bad_argument("fulltext.queryNodes: the text must be a STRING", op_.args[1].pos);
    int64_t limit = kFullTextDefaultLimit;
    if (args.size() > 2) {
      auto* options = args[2].map_entries();
      if (!options)
        return bad_argument("fulltext.queryNodes: options must be a MAP", op_.args[2].pos);
      for (const auto& [key, value] : *options) {
        auto* n = value.get<int64_t>();
        if (key != "limit" || !n || *n < 1 || *n > 100'000)
          return bad_argument("fulltext.queryNodes: the options know {limit: 1..100000} only",
                              op_.args[2].pos);
        limit = *n;
      }
    }
    context().source().search_text(*text, static_cast<uint32_t>(limit), done);
    return true;
  }

  void emit(const Row& row, std::vector<ScoredNode>& hits) {
    auto& cache = context().nodes();
    for (auto& hit : hits) {
      auto data = std::make_shared<const storage::Node>(std::move(hit.node));
      cache[data->id] = data;
      Row out = row;
      for (const auto& [output, slot] : op_.outputs)
        out[slot] = output == 0 ? Datum{NodeValue{data->id, data}} : Datum{hit.score};
      out_.push_back(std::move(out));
    }
  }

  logical::ProcedureCall op_;
  Chunk rows_;
  std::size_t next_ = 0;
  Chunk out_;
};

}  // namespace

OperatorPtr make_procedure_call(ExecContext& context, OperatorPtr input,
                                const logical::ProcedureCall& op) {
  return std::make_unique<ProcedureCall>(context, std::move(input), op);
}

}  // namespace ds::query::ops
