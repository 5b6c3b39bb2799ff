#pragma once

// What every operator of one running query shares: the graph source, the
// parameters, the limits, the nodes loaded so far, and the task queue that
// runs continuations one after another (so a long pipeline never recurses
// through the stack, whether replies come at once or later).

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>

#include "query/exec/evaluate.hpp"
#include "query/exec/graph_source.hpp"
#include "query/exec/write_overlay.hpp"
#include "query/exec/write_set.hpp"

namespace ds::query {

struct ExecOptions {
  std::size_t chunk_size = 1024;               ///< rows per chunk between operators
  uint64_t max_intermediate_rows = 5'000'000;  ///< rows a breaker or expansion may hold
  bool profile = false;                        ///< count rows and time per operator
  /// When the query must end: past it the query fails with a timeout
  /// (checked between tasks, so an operator's one step may overrun it).
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

class ExecContext {
 public:
  ExecContext(GraphSource& source, Parameters parameters, ExecOptions options);

  /// The graph as the query sees it: with its own writes, once it writes.
  GraphSource& source() { return overlay_ ? *overlay_ : source_; }
  /// The graph without this query's writes (to commit them).
  GraphSource& store() { return source_; }

  /// The query writes: from now on its reads see its write set.
  void enable_writes();
  bool writing() const { return writes_ != nullptr; }
  WriteSet& writes() { return *writes_; }
  const EvalContext& eval() const { return eval_; }
  const ExecOptions& options() const { return options_; }

  /// Runs `task` after the current one (FIFO).
  void post(std::function<void()> task);
  /// Runs queued tasks until none is left; reentrant calls return at once.
  void drain();

  /// A reply for the graph source that continues with `next` through the
  /// queue, whether the source answers at once or later.
  /// The reply holds the execution alive until it comes (keep_alive), and is
  /// dropped if the query ended meanwhile (an error elsewhere, a cancel).
  template <class T>
  GraphSource::Reply<T> resume(std::function<void(QueryResult<T>)> next) {
    return [this, keep = keep_alive_ ? keep_alive_() : nullptr,
            next = std::move(next)](QueryResult<T> result) mutable {
      if (finished_) return;
      post([next = std::move(next), result = std::move(result)]() mutable {
        next(std::move(result));
      });
      drain();
    };
  }

  /// What a pending reply holds to keep the query's state alive (the
  /// executor's shared owner).
  void set_keep_alive(std::function<std::shared_ptr<void>()> keep_alive) {
    keep_alive_ = std::move(keep_alive);
  }
  /// Who ends the query when it runs past its deadline (the executor).
  void set_on_deadline(std::function<void(QueryError)> on_deadline) {
    on_deadline_ = std::move(on_deadline);
  }

  /// The query ended: later replies are dropped, queued tasks are not run.
  void finish() {
    finished_ = true;
    tasks_.clear();
  }
  bool finished() const { return finished_; }

  /// Nodes loaded by this query, by id: a node read twice is fetched once.
  NodeCache& nodes() { return nodes_; }

  /// Fails with too_complex when `rows` passes the intermediate limit.
  QueryResult<bool> check_rows(uint64_t rows, std::string_view where) const;

 private:
  GraphSource& source_;
  Parameters parameters_;
  EvalContext eval_;
  ExecOptions options_;
  std::deque<std::function<void()>> tasks_;
  bool draining_ = false;
  bool finished_ = false;
  std::function<std::shared_ptr<void>()> keep_alive_;
  std::function<void(QueryError)> on_deadline_;
  uint32_t tasks_run_ = 0;
  NodeCache nodes_;
  std::unique_ptr<WriteSet> writes_;
  std::unique_ptr<WriteOverlay> overlay_;
};

}  // namespace ds::query
