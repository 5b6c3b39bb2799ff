// Sort: reads every input row, evaluates the keys once per row, sorts
// stably by ORDER BY's total order. With a top (LIMIT pushed in), only
// that many rows are kept: a partial sort of the rows, not a full one.

#include <algorithm>
#include <numeric>

#include "query/exec/ops/operators.hpp"

namespace ds::query::ops {
namespace {

class Sort final : public UnaryOperator {
 public:
  Sort(ExecContext& context, OperatorPtr input, logical::Sort op)
      : UnaryOperator(context, "Sort", std::move(input)), op_(std::move(op)) {}

 protected:
  void produce(ChunkReply reply) override {
    if (done_) {
      done_ = false;
      return reply(end_of_rows());
    }
    pull([this, reply](QueryResult<std::optional<Chunk>> in) {
      if (!in) return reply(std::move(in).error());
      if (!*in) return finish(reply);
      for (auto& row : **in) {
        std::vector<Datum> keys;
        for (const auto& key : op_.keys) {
          auto value = evaluate(key.value, row, context().eval());
          if (!value) return reply(std::move(value).error());
          keys.push_back(std::move(value).value());
        }
        keys_.push_back(std::move(keys));
        rows_.push_back(std::move(row));
      }
      auto limit = context().check_rows(rows_.size(), "ORDER BY");
      if (!limit) return reply(std::move(limit).error());
      produce(reply);
    });
  }

 private:
  void finish(const ChunkReply& reply) {
    std::size_t keep = rows_.size();
    if (op_.top) {
      auto top = row_count(*op_.top, context(), "LIMIT");
      if (!top) return reply(std::move(top).error());
      keep = std::min<std::size_t>(keep, static_cast<std::size_t>(*top));
    }
    std::vector<std::size_t> order_of(rows_.size());
    std::iota(order_of.begin(), order_of.end(), 0);
    auto before = [this](std::size_t a, std::size_t b) {
      for (std::size_t k = 0; k < op_.keys.size(); ++k) {
        int c = order(keys_[a][k], keys_[b][k]);
        if (c != 0) return op_.keys[k].descending ? c > 0 : c < 0;
      }
      return a < b;  // stable: ties keep their input order
    };
    if (keep < rows_.size())
      std::partial_sort(order_of.begin(), order_of.begin() + static_cast<std::ptrdiff_t>(keep),
                        order_of.end(), before);
    else
      std::sort(order_of.begin(), order_of.end(), before);
    Chunk out;
    out.reserve(keep);
    for (std::size_t i = 0; i < keep; ++i)
      out.push_back(std::move(rows_[order_of[i]]));
    rows_.clear();
    keys_.clear();
    done_ = true;
    reply(std::optional<Chunk>{std::move(out)});
  }

  logical::Sort op_;
  Chunk rows_;
  std::vector<std::vector<Datum>> keys_;
  bool done_ = false;
};

}  // namespace

OperatorPtr make_sort(ExecContext& context, OperatorPtr input, const logical::Sort& op) {
  return std::make_unique<Sort>(context, std::move(input), op);
}

}  // namespace ds::query::ops
