// SKIP and LIMIT. LIMIT stops asking its input once it has enough rows, so
// the operators below it stop too (no more scans or expansions).

#include "query/exec/ops/operators.hpp"

namespace ds::query::ops {
namespace {

class Skip final : public UnaryOperator {
 public:
  Skip(ExecContext& context, OperatorPtr input, logical::Skip op)
      : UnaryOperator(context, "Skip", std::move(input)), op_(std::move(op)) {}

 protected:
  void produce(ChunkReply reply) override {
    if (!remaining_) {
      auto count = row_count(op_.count, context(), "SKIP");
      if (!count) return reply(std::move(count).error());
      remaining_ = *count;
    }
    pull([this, reply](QueryResult<std::optional<Chunk>> in) {
      if (!in) return reply(std::move(in).error());
      if (!*in) {
        remaining_.reset();
        return reply(end_of_rows());
      }
      auto& rows = **in;
      auto drop = std::min<int64_t>(*remaining_, static_cast<int64_t>(rows.size()));
      rows.erase(rows.begin(), rows.begin() + drop);
      *remaining_ -= drop;
      reply(std::move(in));
    });
  }

 private:
  logical::Skip op_;
  std::optional<int64_t> remaining_;
};

class Limit final : public UnaryOperator {
 public:
  Limit(ExecContext& context, OperatorPtr input, logical::Limit op)
      : UnaryOperator(context, "Limit", std::move(input)), op_(std::move(op)) {}

 protected:
  void produce(ChunkReply reply) override {
    if (!remaining_) {
      auto count = row_count(op_.count, context(), "LIMIT");
      if (!count) return reply(std::move(count).error());
      remaining_ = *count;
    }
    if (*remaining_ == 0) {
      // A writing query's writes happen for every row, not only the ones
      // returned (Neo4j's exhaustive limit).
      if (context().writing()) return drain(reply);
      remaining_.reset();
      return reply(end_of_rows());
    }
    pull([this, reply](QueryResult<std::optional<Chunk>> in) {
      if (!in) return reply(std::move(in).error());
      if (!*in) {
        remaining_.reset();
        return reply(end_of_rows());
      }
      auto& rows = **in;
      if (static_cast<int64_t>(rows.size()) > *remaining_)
        rows.resize(static_cast<std::size_t>(*remaining_));
      *remaining_ -= static_cast<int64_t>(rows.size());
      reply(std::move(in));
    });
  }

 private:
  void drain(const ChunkReply& reply) {
    pull([this, reply](QueryResult<std::optional<Chunk>> in) {
      if (!in) return reply(std::move(in).error());
      if (*in) return drain(reply);
      remaining_.reset();
      reply(end_of_rows());
    });
  }

  logical::Limit op_;
  std::optional<int64_t> remaining_;
};

}  // namespace

OperatorPtr make_skip(ExecContext& context, OperatorPtr input, const logical::Skip& op) {
  return std::make_unique<Skip>(context, std::move(input), op);
}

OperatorPtr make_limit(ExecContext& context, OperatorPtr input, const logical::Limit& op) {
  return std::make_unique<Limit>(context, std::move(input), op);
}

}  // namespace ds::query::ops
