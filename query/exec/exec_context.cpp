#include "query/exec/exec_context.hpp"

namespace ds::query {

ExecContext::ExecContext(GraphSource& source, Parameters parameters, ExecOptions options)
    : source_(source), parameters_(std::move(parameters)), options_(options) {
  eval_.parameters = &parameters_;
}

void ExecContext::post(std::function<void()> task) { tasks_.push_back(std::move(task)); }

void ExecContext::drain() {
  if (draining_) return;
  draining_ = true;
  while (!tasks_.empty() && !finished_) {
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
