#include "query/exec/ops/inner_plan.hpp"

namespace ds::query::ops {

InnerPlanOperator::InnerPlanOperator(ExecContext& context, std::string name, OperatorPtr input,
                                     OperatorPtr inner, Argument& argument, std::size_t slot_count)
    : UnaryOperator(context, std::move(name), std::move(input)),
      inner_(std::move(inner)),
      argument_(argument),
      slot_count_(slot_count) {}

std::vector<const Operator*> InnerPlanOperator::inputs() const {
  auto out = UnaryOperator::inputs();
  out.push_back(inner_.get());
  return out;
}

void InnerPlanOperator::run_inner(Chunk rows, const ChunkReply& reply) {
  argument_.feed(std::move(rows));
  pull_inner(reply);
}

void InnerPlanOperator::pull_inner(const ChunkReply& reply) {
  inner_->next([this, reply](ChunkResult found) {
    // The inner operator replies inside its own task: ours is the next one.
    context().post([this, reply, found = std::move(found)]() mutable {
      timed([&] {
        if (!found) return reply(std::move(found).error());
        if (!*found) return inner_done(reply);
        if (auto taken = inner_rows(**found); !taken) return reply(std::move(taken).error());
        pull_inner(reply);
      });
    });
  });
}

}  // namespace ds::query::ops
