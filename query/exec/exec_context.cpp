#include "query/exec/exec_context.hpp"

namespace ds::query {

ExecContext::ExecContext(GraphSource& source, Parameters parameters, ExecOptions options)
    : source_(source), parameters_(std::move(parameters)), options_(options) {
  eval_.parameters = &parameters_;
  eval_.nodes = &nodes_;
}

void ExecContext::enable_writes() {
  writes_ = std::make_unique<WriteSet>(nodes_);
  overlay_ = std::make_unique<WriteOverlay>(source_, *writes_);
}

void ExecContext::post(std::function<void()> task) { tasks_.push_back(std::move(task)); }

void ExecContext::drain() {
  if (draining_) return;
  draining_ = true;
  while (!tasks_.empty() && !finished_) {
    // The clock is read every few tasks: a task is a chunk's worth of work.
    if (options_.deadline && ++tasks_run_ % 16 == 0 &&
        std::chrono::steady_clock::now() > *options_.deadline && on_deadline_) {
      // Ending the query may free this context (the tasks held it): touch
      // nothing of it afterwards.
      draining_ = false;
      auto on_deadline = on_deadline_;
      on_deadline(QueryError{QueryErrc::runtime_error,
                             "the query ran past its deadline (timeout_ms): narrow it, add a "
                             "LIMIT, or allow more time",
                             std::nullopt, errc::timeout});
      return;
    }
    auto task = std::move(tasks_.front());
    tasks_.pop_front();
    task();
  }
  draining_ = false;
}

QueryResult<bool> ExecContext::check_rows(uint64_t rows, std::string_view where) const {
  if (rows <= options_.max_intermediate_rows) return true;
  return QueryError{QueryErrc::too_complex,
                    std::string(where) + " would hold more than " +
                        std::to_string(options_.max_intermediate_rows) +
                        " rows: narrow the pattern, lower the hop bound, or add a LIMIT",
                    std::nullopt};
}

}  // namespace ds::query
