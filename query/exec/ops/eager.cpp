// Eager: reads its whole input before it passes the first row on, so every
// write before it is done before any read after it (a MATCH after a CREATE
// sees all that the CREATE made, not only the rows of one chunk).

#include "query/exec/ops/operators.hpp"

namespace ds::query::ops {
namespace {

class Eager final : public UnaryOperator {
 public:
  Eager(ExecContext& context, OperatorPtr input)
      : UnaryOperator(context, "Eager", std::move(input)) {}

 protected:
  void produce(ChunkReply reply) override {
    if (full_) return emit(reply);
    pull([this, reply](QueryResult<std::optional<Chunk>> in) {
      if (!in) return reply(std::move(in).error());
      if (!*in) {
        full_ = true;
        return emit(reply);
      }
      for (auto& row : **in)
        rows_.push_back(std::move(row));
      if (auto limit = context().check_rows(rows_.size(), "a write before a read"); !limit)
        return reply(std::move(limit).error());
      produce(reply);
    });
  }

 private:
  void emit(const ChunkReply& reply) {
    if (next_ == rows_.size()) {
      rows_.clear();
      next_ = 0;
      full_ = false;
      return reply(end_of_rows());
    }
    auto end = std::min(rows_.size(), next_ + context().options().chunk_size);
    Chunk out(std::make_move_iterator(rows_.begin() + static_cast<std::ptrdiff_t>(next_)),
              std::make_move_iterator(rows_.begin() + static_cast<std::ptrdiff_t>(end)));
    next_ = end;
    reply(std::optional<Chunk>{std::move(out)});
  }

  Chunk rows_;
  std::size_t next_ = 0;
  bool full_ = false;
};

}  // namespace

OperatorPtr make_eager(ExecContext& context, OperatorPtr input) {
  return std::make_unique<Eager>(context, std::move(input));
}

}  // namespace ds::query::ops
