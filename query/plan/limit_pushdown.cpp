// LIMIT into the scan: `MATCH (n:Synset) RETURN n.name LIMIT 5` reads five
// nodes per shard, not all of them. Only operators that keep every row and
// add none may stand between (Project, LoadEntities, SKIP, whose count is
// added); the scan must start the plan (its input is Once), so its rows are
// the query's rows.

#include "query/plan/optimizer.hpp"

namespace ds::query {
namespace {

using namespace logical;

/// n (+ skip) as an expression.
Expression plus(Expression a, Expression b) {
  Expression sum;
  sum.kind = Expression::Kind::binary;
  sum.op = ast::Op::add;
  sum.pos = a.pos;
  sum.args = {std::move(a), std::move(b)};
  return sum;
}

void push_below(Op& limit_op, const Expression& count) {
  Expression wanted = count;
  for (Op* op = limit_op.input.get(); op; op = op->input.get()) {
    if (auto* skip = std::get_if<Skip>(&op->body)) {
      wanted = plus(std::move(wanted), skip->count);
    } else if (auto* scan = std::get_if<NodeScan>(&op->body)) {
      if (op->input && std::holds_alternative<Once>(op->input->body)) scan->limit = wanted;
      return;
    } else if (!std::holds_alternative<Project>(op->body) &&
               !std::holds_alternative<LoadEntities>(op->body)) {
      return;
    }
  }
}

}  // namespace

void push_limits_into_scans(LogicalPlan& plan) {
  for (Op* op = plan.root.get(); op; op = op->input.get())
    if (auto* limit = std::get_if<Limit>(&op->body)) push_below(*op, limit->count);
}

}  // namespace ds::query
