// The physical operator for each logical one, input first.

#include "query/exec/ops/operators.hpp"

namespace ds::query {
namespace {

OperatorPtr build(const logical::Op& op, ExecContext& context, std::size_t slot_count,
                  ops::Argument** argument) {
  OperatorPtr input;
  if (op.input) input = build(*op.input, context, slot_count, argument);
  struct Visit {
    ExecContext& context;
    std::size_t slot_count;
    OperatorPtr& input;
    ops::Argument** argument;

    OperatorPtr operator()(const logical::Once&) const {
      return ops::make_once(context, slot_count);
    }
    OperatorPtr operator()(const logical::Argument&) const {
      auto leaf = std::make_unique<ops::Argument>(context);
      if (argument) *argument = leaf.get();
      return leaf;
    }
    OperatorPtr operator()(const logical::NodeScan& op) const {
      return ops::make_node_scan(context, std::move(input), op);
    }
    OperatorPtr operator()(const logical::Expand& op) const {
      return ops::make_expand(context, std::move(input), op);
    }
    OperatorPtr operator()(const logical::VarExpand& op) const {
      return ops::make_var_expand(context, std::move(input), op);
    }
    OperatorPtr operator()(const logical::LoadEntities& op) const {
      return ops::make_load_entities(context, std::move(input), op);
    }
    OperatorPtr operator()(const logical::Filter& op) const {
      return ops::make_filter(context, std::move(input), op);
    }
    OperatorPtr operator()(const logical::Project& op) const {
      return ops::make_project(context, std::move(input), op);
    }
    OperatorPtr operator()(const logical::Aggregation& op) const {
      return ops::make_aggregation(context, std::move(input), op, slot_count);
    }
    OperatorPtr operator()(const logical::Distinct& op) const {
      return ops::make_distinct(context, std::move(input), op);
    }
    OperatorPtr operator()(const logical::Sort& op) const {
      return ops::make_sort(context, std::move(input), op);
    }
    OperatorPtr operator()(const logical::Skip& op) const {
      return ops::make_skip(context, std::move(input), op);
    }
    OperatorPtr operator()(const logical::Limit& op) const {
      return ops::make_limit(context, std::move(input), op);
    }
    OperatorPtr operator()(const logical::Unwind& op) const {
      return ops::make_unwind(context, std::move(input), op);
    }
    OperatorPtr operator()(const logical::Optional& op) const {
      ops::Argument* leaf = nullptr;
      auto inner = build(*op.inner, context, slot_count, &leaf);
      return ops::make_optional(context, std::move(input), std::move(inner), *leaf, op, slot_count);
    }
    OperatorPtr operator()(const logical::ProcedureCall& op) const {
      return ops::make_procedure_call(context, std::move(input), op);
    }
    OperatorPtr operator()(const logical::BuildPath& op) const {
      return ops::make_build_path(context, std::move(input), op);
    }
    OperatorPtr operator()(const logical::Create& op) const {
      return ops::make_create(context, std::move(input), op);
    }
    OperatorPtr operator()(const logical::SetItems& op) const {
      return ops::make_set_items(context, std::move(input), op);
    }
    OperatorPtr operator()(const logical::Delete& op) const {
      return ops::make_delete(context, std::move(input), op);
    }
    OperatorPtr operator()(const logical::Eager&) const {
      return ops::make_eager(context, std::move(input));
    }
    OperatorPtr operator()(const logical::Merge& op) const {
      ops::Argument* leaf = nullptr;
      auto inner = build(*op.inner, context, slot_count, &leaf);
      return ops::make_merge(context, std::move(input), std::move(inner), *leaf, op, slot_count);
    }
  };
  return std::visit(Visit{context, slot_count, input, argument}, op.body);
}

}  // namespace

OperatorPtr build_operators(const logical::Op& op, ExecContext& context, std::size_t slot_count) {
  return build(op, context, slot_count, nullptr);
}

}  // namespace ds::query
