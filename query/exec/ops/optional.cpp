// Optional (OPTIONAL MATCH): runs the inner plan on each input chunk, the
// rows tagged with their position (one value past the row's slots); an
// input row the inner plan returns nothing for comes out with the
// introduced slots null.

#include "query/exec/ops/inner_plan.hpp"

namespace ds::query::ops {
namespace {

class Optional final : public InnerPlanOperator {
 public:
  Optional(ExecContext& context, OperatorPtr input, OperatorPtr inner, Argument& argument,
           std::vector<uint32_t> introduced, std::size_t slot_count)
      : InnerPlanOperator(context, "Optional", std::move(input), std::move(inner), argument,
                          slot_count),
        introduced_(std::move(introduced)) {}

 protected:
  void produce(ChunkReply reply) override {
    pull([this, reply](ChunkResult in) {
      if (!in || !*in) return reply(std::move(in));
      input_rows_ = std::move(**in);
      matched_.assign(input_rows_.size(), false);
      out_.clear();
      Chunk tagged;
      tagged.reserve(input_rows_.size());
      for (std::size_t i = 0; i < input_rows_.size(); ++i) {
        Row row = input_rows_[i];
        row.resize(slot_count());
        row.push_back(static_cast<int64_t>(i));
        tagged.push_back(std::move(row));
      }
      run_inner(std::move(tagged), reply);
    });
  }

  QueryResult<bool> inner_rows(Chunk& found) override {
    for (auto& row : found) {
      auto tag = static_cast<std::size_t>(*row.back().get<int64_t>());
      row.pop_back();
      matched_[tag] = true;
      out_.push_back(std::move(row));
    }
    return context().check_rows(out_.size(), "OPTIONAL MATCH");
  }

  void inner_done(const ChunkReply& reply) override {
    for (std::size_t i = 0; i < input_rows_.size(); ++i) {
      if (matched_[i]) continue;
      Row row = std::move(input_rows_[i]);
      for (auto slot : introduced_)
        row[slot] = Datum{};
      out_.push_back(std::move(row));
    }
    input_rows_.clear();
    reply(std::optional<Chunk>{std::exchange(out_, {})});
  }

 private:
  std::vector<uint32_t> introduced_;
  Chunk input_rows_;
  std::vector<bool> matched_;
  Chunk out_;
};

}  // namespace

OperatorPtr make_optional(ExecContext& context, OperatorPtr input, OperatorPtr inner,
                          Argument& argument, const logical::Optional& op, std::size_t slot_count) {
  return std::make_unique<Optional>(context, std::move(input), std::move(inner), argument,
                                    op.introduced, slot_count);
}

}  // namespace ds::query::ops
