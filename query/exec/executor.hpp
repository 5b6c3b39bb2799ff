#pragma once

// Runs a logical plan against a graph source: builds the operators, pulls
// the root until it is exhausted, and hands back the columns and rows (or
// the first error). Asynchronous: `done` runs once, maybe after execute()
// returned, on the thread that delivers the source's replies.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "query/exec/exec_context.hpp"
#include "query/plan/logical_plan.hpp"

namespace ds::query {

/// Rows and time of one operator (PROFILE), in EXPLAIN's order.
struct OperatorProfile {
  std::string name;
  int depth = 0;
  uint64_t rows = 0;
  std::chrono::nanoseconds time{0};
};

struct QueryOutput {
  std::vector<std::string> columns;
  std::vector<std::vector<Datum>> rows;
  std::vector<OperatorProfile> profile;  ///< filled when ExecOptions::profile
  bool wrote = false;                    ///< the query writes (its counts are meaningful)
  WriteCounts writes;                    ///< what its writes did, once committed
};

/// `max_rows`: stop after that many result rows (the request's `limit`); a
/// writing query runs to its end regardless, then commits its writes.
void execute(const LogicalPlan& plan, GraphSource& source, Parameters parameters,
             const ExecOptions& options, std::size_t max_rows,
             std::function<void(QueryResult<QueryOutput>)> done);

}  // namespace ds::query
