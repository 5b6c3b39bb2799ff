#include <unordered_set>

#include "query/exec/ops/operators.hpp"

namespace ds::query::ops {
namespace {

/// Distinct: passes the first row of each combination of the slots' values
/// (null equals null here), streaming.
class Distinct final : public UnaryOperator {
 public:
  Distinct(ExecContext& context, OperatorPtr input, logical::Distinct op)
      : UnaryOperator(context, "Distinct", std::move(input)), op_(std::move(op)) {}

 protected:
  void produce(ChunkReply reply) override {
    pull([this, reply](QueryResult<std::optional<Chunk>> in) {
      if (!in) return reply(std::move(in));
      if (!*in) {
        seen_.clear();
        return reply(std::move(in));
      }
      Chunk out;
      for (auto& row : **in) {
        std::vector<Datum> key;
        key.reserve(op_.slots.size());
        for (auto slot : op_.slots)
          key.push_back(row[slot]);
        if (seen_.insert(std::move(key)).second) out.push_back(std::move(row));
      }
      auto limit = context().check_rows(seen_.size(), "DISTINCT");
      if (!limit) return reply(std::move(limit).error());
      reply(std::optional<Chunk>{std::move(out)});
    });
  }

 private:
  logical::Distinct op_;
  std::unordered_set<std::vector<Datum>, DatumsHash, DatumsEquivalent> seen_;
};

}  // namespace

OperatorPtr make_distinct(ExecContext& context, OperatorPtr input, const logical::Distinct& op) {
  return std::make_unique<Distinct>(context, std::move(input), op);
}

}  // namespace ds::query::ops
