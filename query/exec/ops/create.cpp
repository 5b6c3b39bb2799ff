// CREATE: the patterns made for each input row, a chunk at a time (the
// keys of a chunk checked and its ids reserved in one request each).

#include "query/exec/ops/operators.hpp"
#include "query/exec/pattern_creator.hpp"

namespace ds::query::ops {
namespace {

class Create final : public UnaryOperator {
 public:
  Create(ExecContext& context, OperatorPtr input, const logical::Create& op)
      : UnaryOperator(context, "Create", std::move(input)),
        op_(op),
        creator_(context, op_.patterns, "CREATE",
                 [this](const std::function<void()>& task) { timed(task); }) {}

 protected:
  void produce(ChunkReply reply) override {
    pull([this, reply](QueryResult<std::optional<Chunk>> in) {
      if (!in || !*in) return reply(std::move(in));
      rows_ = std::move(**in);
      creator_.run(rows_, [this, reply](QueryResult<bool> made) {
        if (!made) return reply(std::move(made).error());
        reply(std::optional<Chunk>{std::exchange(rows_, {})});
      });
    });
  }

 private:
  logical::Create op_;
  PatternCreator creator_;
  Chunk rows_;
};

}  // namespace

OperatorPtr make_create(ExecContext& context, OperatorPtr input, const logical::Create& op) {
  return std::make_unique<Create>(context, std::move(input), op);
}

}  // namespace ds::query::ops
