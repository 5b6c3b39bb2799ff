#include "query/plan/optimizer.hpp"

namespace ds::query {

void optimize(LogicalPlan& plan) { push_limits_into_scans(plan); }

}  // namespace ds::query
