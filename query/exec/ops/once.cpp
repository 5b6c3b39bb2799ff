#include "query/exec/ops/operators.hpp"

namespace ds::query::ops {
namespace {

class Once final : public Operator {
 public:
  Once(ExecContext& context, std::size_t slot_count)
      : Operator(context, "Once"), slot_count_(slot_count) {}

 protected:
  void produce(ChunkReply reply) override {
    if (done_) return reply(end_of_rows());
    done_ = true;
    reply(std::optional<Chunk>{Chunk{Row(slot_count_)}});
  }

 private:
  std::size_t slot_count_;
  bool done_ = false;
};

}  // namespace

OperatorPtr make_once(ExecContext& context, std::size_t slot_count) {
  return std::make_unique<Once>(context, slot_count);
}

void Argument::produce(ChunkReply reply) {
  std::optional<Chunk> rows = std::move(rows_);
  rows_.reset();
  reply(std::move(rows));
}

QueryResult<int64_t> row_count(const Expression& expr, ExecContext& context,
                               std::string_view clause) {
  auto value = evaluate(expr, Row{}, context.eval());
  if (!value) return std::move(value).error();
  auto* n = value->get<int64_t>();
  if (!n || *n < 0)
    return QueryError{
        QueryErrc::type_error,
        std::string(clause) + " takes a non-negative INTEGER, got " + to_display(*value), expr.pos};
  return *n;
}

}  // namespace ds::query::ops
