#include "query/exec/executor.hpp"

#include "query/exec/commit_writes.hpp"
#include "query/exec/operator.hpp"

namespace ds::query {
namespace {

/// One running query. Shared: pending graph-source replies hold it alive
/// until they arrive (ExecContext::set_keep_alive), even after it finished.
class Execution : public std::enable_shared_from_this<Execution> {
 public:
  Execution(const LogicalPlan& plan, GraphSource& source, Parameters parameters,
            const ExecOptions& options, std::size_t max_rows,
            std::function<void(QueryResult<QueryOutput>)> done)
      : context_(source, std::move(parameters), options),
        plan_columns_(plan.columns),
        column_slots_(plan.column_slots),
        max_rows_(max_rows),
        done_(std::move(done)) {
    if (plan.writes) context_.enable_writes();
    root_ = build_operators(*plan.root, context_, plan.slot_names.size());
    output_.columns = plan.columns;
    output_.wrote = plan.writes;
  }

  void start() {
    context_.set_keep_alive(
        [self = weak_from_this()]() -> std::shared_ptr<void> { return self.lock(); });
    context_.set_on_deadline([self = weak_from_this()](QueryError error) {
      if (auto alive = self.lock()) alive->finish(std::move(error));  // alive until it returns
    });
    pull();
    context_.drain();
  }

 private:
  void pull() {
    root_->next([this, self = shared_from_this()](QueryResult<std::optional<Chunk>> chunk) {
      if (!chunk) return finish(std::move(chunk).error());
      if (!*chunk) return context_.writing() ? commit() : finish_ok();
      for (auto& row : **chunk) {
        // A query without RETURN has no rows; a writing one goes on past the limit.
        if (column_slots_.empty() || output_.rows.size() >= max_rows_) break;
        std::vector<Datum> out;
        out.reserve(column_slots_.size());
        for (auto slot : column_slots_)
          out.push_back(std::move(row[slot]));
        output_.rows.push_back(std::move(out));
      }
      if (output_.rows.size() >= max_rows_ && !context_.writing()) return finish_ok();
      pull();
    });
  }

  /// Commits the query's writes, then gives the rows the ids the nodes it
  /// created got.
  void commit() {
    commit_writes(context_, [this, self = shared_from_this()](QueryResult<CommitResult> result) {
      if (!result) return finish(std::move(result).error());
      output_.writes = context_.writes().counts();
      output_.writes.relationships_deleted += result->relationships_detached;
      if (!result->ids.empty())
        for (auto& row : output_.rows)
          for (auto& value : row)
            assign_ids(value, result->ids);
      finish_ok();
    });
  }

  void collect_profile(const Operator& op, int depth) {
    output_.profile.push_back(OperatorProfile{op.name(), depth, op.rows_out(), op.busy()});
    for (const auto* input : op.inputs())
      collect_profile(*input, depth + 1);
  }

  void finish_ok() {
    if (context_.options().profile) collect_profile(*root_, 1);
    finish(std::move(output_));
  }

  void finish(QueryResult<QueryOutput> result) {
    context_.finish();
    auto done = std::move(done_);
    done(std::move(result));
  }

  ExecContext context_;
  std::vector<std::string> plan_columns_;
  std::vector<uint32_t> column_slots_;
  std::size_t max_rows_;
  std::function<void(QueryResult<QueryOutput>)> done_;
  OperatorPtr root_;
  QueryOutput output_;
};

}  // namespace

void execute(const LogicalPlan& plan, GraphSource& source, Parameters parameters,
             const ExecOptions& options, std::size_t max_rows,
             std::function<void(QueryResult<QueryOutput>)> done) {
  auto execution = std::make_shared<Execution>(plan, source, std::move(parameters), options,
                                               max_rows, std::move(done));
  execution->start();
}

}  // namespace ds::query
