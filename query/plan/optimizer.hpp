#pragma once

// Rewrites of a logical plan that keep its results and cut its work, one
// rule per file, applied in order by optimize(). (Filter push-down into
// scans and the start node's choice happen while planning: plan_match.cpp.)

#include "query/plan/logical_plan.hpp"

namespace ds::query {

void optimize(LogicalPlan& plan);

/// LIMIT n over a scan with nothing between that drops or multiplies rows
/// (projections, loads, a SKIP): the scan asks each store for n (+ skip)
/// nodes at most (limit_pushdown.cpp).
void push_limits_into_scans(LogicalPlan& plan);

}  // namespace ds::query
