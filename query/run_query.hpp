#pragma once

// The query library's front door: text and parameters in; the plan (for
// EXPLAIN) or the result rows out, over any GraphSource. The query engine
// actor calls it with a source that asks the shards.

#include <functional>
#include <string>

#include "query/exec/executor.hpp"
#include "query/plan/planner.hpp"
#include "query/syntax/parser.hpp"

namespace ds::query {

struct QueryOptions {
  ParseOptions parse;
  PlanOptions plan;
  ExecOptions exec;
  std::size_t max_rows = SIZE_MAX;  ///< result rows returned at most
};

struct QueryResponse {
  ast::QueryMode mode = ast::QueryMode::run;
  QueryOutput output;  ///< columns and rows (none for EXPLAIN), profile for PROFILE
  std::string plan;    ///< EXPLAIN's text, for EXPLAIN and PROFILE
};

/// Parses, plans and (unless EXPLAIN) runs `text`. `done` runs once, maybe
/// after this returns (when the source answers later).
void run_query(std::string_view text, Parameters parameters, GraphSource& source,
               const QueryOptions& options, std::function<void(QueryResult<QueryResponse>)> done);

}  // namespace ds::query
