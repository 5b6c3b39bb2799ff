// Aggregation: reads every input row, groups by the key values (DISTINCT's
// equivalence: null groups with null) and folds each aggregate; emits one
// row per group, in the order groups first appeared. No keys: one group
// even over no rows (count 0, collect [], the others null).

#include <unordered_map>
#include <unordered_set>

#include "query/exec/ops/operators.hpp"

namespace ds::query::ops {
namespace {

using Values = std::vector<Datum>;

struct Accumulator {
  int64_t count = 0;
  Datum::List items;  ///< collect
  Datum best;         ///< min, max
  bool have_sum = false;
  bool float_sum = false;
  int64_t int_sum = 0;
  double sum = 0;
  std::unordered_set<Values, DatumsHash, DatumsEquivalent> seen;  ///< DISTINCT
};

struct Group {
  Values keys;
  std::vector<Accumulator> accumulators;
};

class Aggregation final : public UnaryOperator {
 public:
  Aggregation(ExecContext& context, OperatorPtr input, logical::Aggregation op,
              std::size_t slot_count)
      : UnaryOperator(context, "Aggregation", std::move(input)),
        op_(std::move(op)),
        slot_count_(slot_count) {}

 protected:
  void produce(ChunkReply reply) override {
    if (done_) {
      done_ = false;  // an inner plan starts over
      return reply(end_of_rows());
    }
    pull([this, reply](QueryResult<std::optional<Chunk>> in) {
      if (!in) return reply(std::move(in).error());
      if (!*in) return finish(reply);
      for (const auto& row : **in)
        if (auto added = add(row); !added) return reply(std::move(added).error());
      produce(reply);
    });
  }

 private:
  QueryResult<bool> add(const Row& row) {
    Values keys;
    for (const auto& [slot, expr] : op_.keys) {
      auto value = evaluate(expr, row, context().eval());
      if (!value) return std::move(value).error();
      keys.push_back(std::move(value).value());
    }
    auto found = index_.find(keys);
    std::size_t g;
    if (found == index_.end()) {
      g = groups_.size();
      groups_.push_back(Group{keys, std::vector<Accumulator>(op_.aggregates.size())});
      index_.emplace(std::move(keys), g);
      auto limit = context().check_rows(groups_.size(), "an aggregation");
      if (!limit) return limit;
    } else {
      g = found->second;
    }
    for (std::size_t a = 0; a < op_.aggregates.size(); ++a) {
      const auto& call = op_.aggregates[a];
      auto& acc = groups_[g].accumulators[a];
      if (call.function == Aggregate::count_star) {
        ++acc.count;
        continue;
      }
      auto value = evaluate(call.arg, row, context().eval());
      if (!value) return std::move(value).error();
      if (value->is_null()) continue;  // aggregates skip nulls
      if (call.distinct && !acc.seen.insert(Values{*value}).second) continue;
      if (auto folded = fold(call, acc, std::move(value).value()); !folded) return folded;
    }
    return true;
  }

  static QueryResult<bool> fold(const logical::AggregateCall& call, Accumulator& acc, Datum value) {
    ++acc.count;
    switch (call.function) {
      case Aggregate::collect:
        acc.items.push_back(std::move(value));
        break;
      case Aggregate::min:
        if (acc.best.is_null() || order(value, acc.best) < 0) acc.best = std::move(value);
        break;
      case Aggregate::max:
        if (acc.best.is_null() || order(value, acc.best) > 0) acc.best = std::move(value);
        break;
      case Aggregate::sum:
      case Aggregate::avg: {
        if (!value.is_number())
          return type_mismatch(call.function == Aggregate::sum ? "sum" : "avg", "numbers", value,
                               call.arg.pos);
        acc.have_sum = true;
        acc.sum += value.number();
        if (auto* i = value.get<int64_t>(); i && !acc.float_sum) {
          if (__builtin_add_overflow(acc.int_sum, *i, &acc.int_sum))
            acc.float_sum = true;  // past int64: continue in floating point
        } else {
          acc.float_sum = true;
        }
        break;
      }
      default:
        break;
    }
    return true;
  }

  static Datum result(const logical::AggregateCall& call, const Accumulator& acc) {
    switch (call.function) {
      case Aggregate::count:
      case Aggregate::count_star:
        return acc.count;
      case Aggregate::collect:
        return Datum{acc.items};
      case Aggregate::min:
      case Aggregate::max:
        return acc.best;
      case Aggregate::sum:
        if (!acc.have_sum) return int64_t{0};
        return acc.float_sum ? Datum{acc.sum} : Datum{acc.int_sum};
      case Aggregate::avg:
        if (acc.count == 0) return Datum{};
        return acc.sum / static_cast<double>(acc.count);
    }
    return {};
  }

  void finish(const ChunkReply& reply) {
    if (groups_.empty() && op_.keys.empty())
      groups_.push_back(Group{{}, std::vector<Accumulator>(op_.aggregates.size())});
    Chunk out;
    out.reserve(groups_.size());
    for (const auto& group : groups_) {
      Row row(slot_count_);
      for (std::size_t k = 0; k < op_.keys.size(); ++k)
        row[op_.keys[k].first] = group.keys[k];
      for (std::size_t a = 0; a < op_.aggregates.size(); ++a)
        row[op_.aggregates[a].slot] = result(op_.aggregates[a], group.accumulators[a]);
      out.push_back(std::move(row));
    }
    groups_.clear();
    index_.clear();
    done_ = true;
    reply(std::optional<Chunk>{std::move(out)});
  }

  logical::Aggregation op_;
  std::size_t slot_count_;
  std::vector<Group> groups_;
  std::unordered_map<Values, std::size_t, DatumsHash, DatumsEquivalent> index_;
  bool done_ = false;
};

}  // namespace

OperatorPtr make_aggregation(ExecContext& context, OperatorPtr input,
                             const logical::Aggregation& op, std::size_t slot_count) {
  return std::make_unique<Aggregation>(context, std::move(input), op, slot_count);
}

}  // namespace ds::query::ops
