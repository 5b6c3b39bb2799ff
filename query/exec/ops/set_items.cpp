// SET and REMOVE: the items applied to each input row in turn.

#include "query/exec/set_items.hpp"

#include "query/exec/ops/operators.hpp"

namespace ds::query::ops {
namespace {

class SetItems final : public UnaryOperator {
 public:
  SetItems(ExecContext& context, OperatorPtr input, logical::SetItems op)
      : UnaryOperator(context, "Set", std::move(input)), op_(std::move(op)) {}

 protected:
  void produce(ChunkReply reply) override {
    pull([this, reply](QueryResult<std::optional<Chunk>> in) {
      if (!in || !*in) return reply(std::move(in));
      for (auto& row : **in)
        if (auto done = apply_set_items(context(), op_.items, row); !done)
          return reply(std::move(done).error());
      reply(std::move(in));
    });
  }

 private:
  logical::SetItems op_;
};

}  // namespace

OperatorPtr make_set_items(ExecContext& context, OperatorPtr input, const logical::SetItems& op) {
  return std::make_unique<SetItems>(context, std::move(input), op);
}

}  // namespace ds::query::ops
