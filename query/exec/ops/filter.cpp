#include "query/exec/ops/operators.hpp"

namespace ds::query::ops {
namespace {

class Filter final : public UnaryOperator {
 public:
  Filter(ExecContext& context, OperatorPtr input, Expression predicate)
      : UnaryOperator(context, "Filter", std::move(input)), predicate_(std::move(predicate)) {}

 protected:
  void produce(ChunkReply reply) override {
    pull([this, reply](QueryResult<std::optional<Chunk>> in) {
      if (!in || !*in) return reply(std::move(in));
      Chunk out;
      for (auto& row : **in) {
        auto keep = holds(predicate_, row, context().eval());
        if (!keep) return reply(std::move(keep).error());
        if (*keep) out.push_back(std::move(row));
      }
      reply(std::optional<Chunk>{std::move(out)});
    });
  }

 private:
  Expression predicate_;
};

}  // namespace

OperatorPtr make_filter(ExecContext& context, OperatorPtr input, const logical::Filter& op) {
  return std::make_unique<Filter>(context, std::move(input), op.predicate);
}

}  // namespace ds::query::ops
