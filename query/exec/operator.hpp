#pragma once

// A physical operator: pulls chunks of rows from its input, transforms them,
// and hands them on when asked. Everything runs on the query's thread
// through ExecContext's task queue; an operator that waits for the graph
// source simply replies later.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "query/exec/exec_context.hpp"
#include "query/plan/logical_plan.hpp"

namespace ds::query {

using Chunk = std::vector<Row>;
/// A chunk (maybe empty), nullopt once the input is exhausted, or an error.
using ChunkResult = QueryResult<std::optional<Chunk>>;
using ChunkReply = std::function<void(ChunkResult)>;

/// The reply that says the rows are exhausted. Out of line: GCC 12 warns
/// (falsely) that an inlined empty optional's vector may be uninitialized.
ChunkResult end_of_rows();

class Operator {
 public:
  Operator(ExecContext& context, std::string name) : context_(context), name_(std::move(name)) {}
  virtual ~Operator() = default;
  Operator(const Operator&) = delete;
  Operator& operator=(const Operator&) = delete;

  /// Asks for the next chunk; not called again before `reply` ran. After
  /// nullopt, a call starts over on fresh input (an OPTIONAL MATCH's inner
  /// plan runs once per outer chunk). The work runs as a queued task, and
  /// so does every continuation: tasks never nest, and each one's time is
  /// charged to the operator whose work it is (PROFILE).
  void next(ChunkReply reply);

  const std::string& name() const { return name_; }
  uint64_t rows_out() const { return rows_out_; }
  std::chrono::nanoseconds busy() const { return busy_; }
  /// The operators this one reads from (EXPLAIN/PROFILE order).
  virtual std::vector<const Operator*> inputs() const { return {}; }

 protected:
  virtual void produce(ChunkReply reply) = 0;
  ExecContext& context() { return context_; }

  /// Runs `task` now, charging its time to this operator.
  void timed(const std::function<void()>& task);

  /// A graph-source reply whose continuation runs as this operator's task.
  template <class T>
  GraphSource::Reply<T> resume(std::function<void(QueryResult<T>)> next) {
    return context_.resume<T>([this, next = std::move(next)](QueryResult<T> result) mutable {
      timed([&] { next(std::move(result)); });
    });
  }

 private:
  ExecContext& context_;
  std::string name_;
  uint64_t rows_out_ = 0;
  std::chrono::nanoseconds busy_{0};
};

using OperatorPtr = std::unique_ptr<Operator>;

/// An operator with one input, the common case.
class UnaryOperator : public Operator {
 public:
  UnaryOperator(ExecContext& context, std::string name, OperatorPtr input)
      : Operator(context, std::move(name)), input_(std::move(input)) {}
  std::vector<const Operator*> inputs() const override { return {input_.get()}; }

 protected:
  /// Pulls the input's next chunk, through the task queue.
  void pull(ChunkReply reply);
  Operator& input() { return *input_; }

 private:
  OperatorPtr input_;
};

/// Builds the physical operators of a logical chain (build_operators.cpp).
/// `argument` receives the Argument leaf of an OPTIONAL's inner plan.
OperatorPtr build_operators(const logical::Op& op, ExecContext& context, std::size_t slot_count);

}  // namespace ds::query
