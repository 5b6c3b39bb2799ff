#pragma once

// The shape OPTIONAL MATCH and MERGE share: an operator that feeds rows of
// its input to an inner plan (through the plan's Argument leaf) and reads
// what the inner plan returns for them, a chunk at a time.

#include "query/exec/ops/operators.hpp"

namespace ds::query::ops {

class InnerPlanOperator : public UnaryOperator {
 public:
  InnerPlanOperator(ExecContext& context, std::string name, OperatorPtr input, OperatorPtr inner,
                    Argument& argument, std::size_t slot_count);

  std::vector<const Operator*> inputs() const override;

 protected:
  /// Feeds `rows` to the inner plan, then hands each chunk it returns to
  /// inner_rows and, once it is exhausted, calls inner_done; an error goes
  /// to `reply`. Each step is a task of its own, charged to this operator.
  void run_inner(Chunk rows, const ChunkReply& reply);

  /// A chunk of the inner plan's rows; an error ends the operator's run.
  virtual QueryResult<bool> inner_rows(Chunk& found) = 0;
  /// The inner plan has no more rows for what was fed.
  virtual void inner_done(const ChunkReply& reply) = 0;

  /// The input's slots, which the inner plan's rows extend.
  std::size_t slot_count() const { return slot_count_; }

 private:
  void pull_inner(const ChunkReply& reply);

  OperatorPtr inner_;
  Argument& argument_;
  std::size_t slot_count_;
};

}  // namespace ds::query::ops
