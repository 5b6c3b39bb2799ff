#pragma once

// SET and REMOVE applied to one row's entities, in order (the Set operator,
// and MERGE's ON CREATE / ON MATCH): each item computes the node's or
// relationship's new state from its current one (the write set's, else as
// loaded) and records it.

#include <vector>

#include "query/exec/exec_context.hpp"
#include "query/plan/logical_plan.hpp"

namespace ds::query {

QueryResult<bool> apply_set_items(ExecContext& context, const std::vector<logical::SetItem>& items,
                                  Row& row);

/// Every node and relationship of `row` as the query's writes left them.
void refresh_row(ExecContext& context, Row& row);

}  // namespace ds::query
