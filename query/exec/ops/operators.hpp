#pragma once

// The physical operators, one file each; build_operators.cpp wires them from
// the logical plan. Each factory takes the operator's input (if it has one)
// and the logical operator it runs.

#include "query/exec/operator.hpp"

namespace ds::query::ops {

/// One row of nulls, then nothing.
OperatorPtr make_once(ExecContext& context, std::size_t slot_count);

/// The rows fed to it (an OPTIONAL MATCH's inner plan reads them), once.
class Argument final : public Operator {
 public:
  explicit Argument(ExecContext& context) : Operator(context, "Argument") {}
  void feed(Chunk rows) { rows_ = std::move(rows); }

 protected:
  void produce(ChunkReply reply) override;

 private:
  std::optional<Chunk> rows_;
};

OperatorPtr make_node_scan(ExecContext& context, OperatorPtr input, const logical::NodeScan& op);
OperatorPtr make_expand(ExecContext& context, OperatorPtr input, const logical::Expand& op);
OperatorPtr make_var_expand(ExecContext& context, OperatorPtr input, const logical::VarExpand& op);
OperatorPtr make_load_entities(ExecContext& context, OperatorPtr input,
                               const logical::LoadEntities& op);
OperatorPtr make_filter(ExecContext& context, OperatorPtr input, const logical::Filter& op);
OperatorPtr make_project(ExecContext& context, OperatorPtr input, const logical::Project& op);
OperatorPtr make_aggregation(ExecContext& context, OperatorPtr input,
                             const logical::Aggregation& op, std::size_t slot_count);
OperatorPtr make_distinct(ExecContext& context, OperatorPtr input, const logical::Distinct& op);
OperatorPtr make_sort(ExecContext& context, OperatorPtr input, const logical::Sort& op);
OperatorPtr make_skip(ExecContext& context, OperatorPtr input, const logical::Skip& op);
OperatorPtr make_limit(ExecContext& context, OperatorPtr input, const logical::Limit& op);
OperatorPtr make_unwind(ExecContext& context, OperatorPtr input, const logical::Unwind& op);
/// `inner` reads `argument` (the Argument leaf of the inner plan).
OperatorPtr make_optional(ExecContext& context, OperatorPtr input, OperatorPtr inner,
                          Argument& argument, const logical::Optional& op, std::size_t slot_count);
OperatorPtr make_procedure_call(ExecContext& context, OperatorPtr input,
                                const logical::ProcedureCall& op);
OperatorPtr make_build_path(ExecContext& context, OperatorPtr input, const logical::BuildPath& op);
// Writes (docs/query-engine.md, "Writes").
OperatorPtr make_create(ExecContext& context, OperatorPtr input, const logical::Create& op);
OperatorPtr make_set_items(ExecContext& context, OperatorPtr input, const logical::SetItems& op);
OperatorPtr make_delete(ExecContext& context, OperatorPtr input, const logical::Delete& op);
OperatorPtr make_eager(ExecContext& context, OperatorPtr input);
OperatorPtr make_merge(ExecContext& context, OperatorPtr input, OperatorPtr inner,
                       Argument& argument, const logical::Merge& op, std::size_t slot_count);

/// A non-negative integer from SKIP, LIMIT or a sort's top (a constant or a parameter).
QueryResult<int64_t> row_count(const Expression& expr, ExecContext& context,
                               std::string_view clause);

}  // namespace ds::query::ops
