#include "query/exec/ops/operators.hpp"

namespace ds::query::ops {
namespace {

class Project final : public UnaryOperator {
 public:
  Project(ExecContext& context, OperatorPtr input, logical::Project op)
      : UnaryOperator(context, "Project", std::move(input)), op_(std::move(op)) {}

 protected:
  void produce(ChunkReply reply) override {
    pull([this, reply](QueryResult<std::optional<Chunk>> in) {
      if (!in || !*in) return reply(std::move(in));
      for (auto& row : **in) {
        // Every item reads the row as it came in, not the items set before it.
        std::vector<Datum> values;
        values.reserve(op_.items.size());
        for (const auto& [slot, expr] : op_.items) {
          auto value = evaluate(expr, row, context().eval());
          if (!value) return reply(std::move(value).error());
          values.push_back(std::move(value).value());
        }
        for (std::size_t i = 0; i < values.size(); ++i)
          row[op_.items[i].first] = std::move(values[i]);
      }
      reply(std::move(in));
    });
  }

 private:
  logical::Project op_;
};

}  // namespace

OperatorPtr make_project(ExecContext& context, OperatorPtr input, const logical::Project& op) {
  return std::make_unique<Project>(context, std::move(input), op);
}

}  // namespace ds::query::ops
