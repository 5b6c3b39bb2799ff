#pragma once

// ast::Query -> LogicalPlan: names resolved to slots, functions to the
// catalog, patterns to scans and expansions, projections to
// project/aggregate/sort operators. Errors are QueryErrors at the position
// of what is wrong (an unknown variable, a misplaced aggregate, a clause out
// of order).

#include <cstdint>

#include "query/plan/logical_plan.hpp"
#include "query/query_error.hpp"
#include "query/syntax/ast.hpp"

namespace ds::query {

struct PlanOptions {
  /// The longest variable-length relationship (`*` and `*n..` stop here;
  /// an explicit `*..m` above it is refused as too_complex).
  int64_t max_hops = 20;
};

QueryResult<LogicalPlan> plan_query(const ast::Query& query, const PlanOptions& options = {});

}  // namespace ds::query
