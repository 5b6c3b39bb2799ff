// UNWIND: one row per element of the list (a null or empty list: none; a
// single non-list value: one row with it), a chunk at a time.

#include "query/exec/ops/operators.hpp"

namespace ds::query::ops {
namespace {

class Unwind final : public UnaryOperator {
 public:
  Unwind(ExecContext& context, OperatorPtr input, logical::Unwind op)
      : UnaryOperator(context, "Unwind", std::move(input)), op_(std::move(op)) {}

 protected:
  void produce(ChunkReply reply) override {
    if (pending_ && row_ < pending_->size()) return emit(reply);
    pull([this, reply](QueryResult<std::optional<Chunk>> in) {
      if (!in || !*in) {
        pending_.reset();
        return reply(std::move(in));
      }
      pending_ = std::move(**in);
      row_ = 0;
      element_ = 0;
      list_.reset();
      emit(reply);
    });
  }

 private:
  void emit(const ChunkReply& reply) {
    Chunk out;
    auto limit = context().options().chunk_size;
    while (row_ < pending_->size() && out.size() < limit) {
      const Row& row = (*pending_)[row_];
      if (!list_) {
        auto value = evaluate(op_.list, row, context().eval());
        if (!value) return reply(std::move(value).error());
        if (value->list()) {
          list_ = std::move(value).value();
        } else if (!value->is_null()) {
          list_ = Datum{Datum::List{std::move(value).value()}};
        } else {
          list_ = Datum{Datum::List{}};
        }
        element_ = 0;
      }
      const auto& items = *list_->list();
      if (element_ == items.size()) {
        list_.reset();
        ++row_;
        continue;
      }
      Row next = row;
      next[op_.slot] = items[element_++];
      out.push_back(std::move(next));
    }
    reply(std::optional<Chunk>{std::move(out)});
  }

  logical::Unwind op_;
  std::optional<Chunk> pending_;
  std::size_t row_ = 0;
  std::optional<Datum> list_;
  std::size_t element_ = 0;
};

}  // namespace

OperatorPtr make_unwind(ExecContext& context, OperatorPtr input, const logical::Unwind& op) {
  return std::make_unique<Unwind>(context, std::move(input), op);
}

}  // namespace ds::query::ops
