#pragma once

// Internal to the planner (planner.cpp, bind_expression.cpp, plan_match.cpp,
// plan_projection.cpp): the plan under construction, the variables in
// scope, and failure. A failure unwinds by throwing PlanFailure, which
// plan_query() catches.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "query/plan/planner.hpp"

namespace ds::query::detail {

struct PlanFailure {
  QueryError error;
};

enum class VarKind : uint8_t { node, relationship, rel_list, path, value };

std::string_view describe(VarKind kind);

struct Variable {
  uint32_t slot = 0;
  VarKind kind = VarKind::value;
};

/// Collects the aggregate calls of a WITH or RETURN item while it is bound.
struct AggregateCollector {
  std::vector<logical::AggregateCall> calls;
  bool inside = false;  ///< binding an aggregate's argument: no nesting
};

class PlannerState {
 public:
  explicit PlannerState(const PlanOptions& options);

  const PlanOptions& options() const { return options_; }

  [[noreturn]] void fail(QueryErrc code, std::string message, SourcePos pos) const;

  uint32_t new_slot(std::string name);
  const std::vector<std::string>& slot_names() const { return slot_names_; }

  // Scope: the variables a clause may name.
  const Variable* find(const std::string& name) const;
  void declare(const std::string& name, Variable variable) { scope_[name] = variable; }
  const std::map<std::string, Variable>& scope() const { return scope_; }
  void replace_scope(std::map<std::string, Variable> scope) { scope_ = std::move(scope); }

  // The operator chain.
  void push(logical::Body body);
  logical::OpPtr take_chain() { return std::move(chain_); }
  void set_chain(logical::OpPtr chain) { chain_ = std::move(chain); }
  /// Loads the entities `expr` reads (unless loaded already) before an
  /// operator evaluates it.
  void load_for(const Expression& expr);
  void load_slots(const std::vector<uint32_t>& slots,
                  const std::vector<uint32_t>& endpoint_slots = {});
  void mark_loaded(uint32_t slot) { loaded_.insert(slot); }
  std::set<uint32_t> loaded() const { return loaded_; }
  void set_loaded(std::set<uint32_t> loaded) { loaded_ = std::move(loaded); }

  /// An ast::Expr bound in the current scope. With `aggregates`, aggregate
  /// calls are collected there and replaced by their result slot; without,
  /// an aggregate is an error.
  Expression bind(const ast::Expr& expr, AggregateCollector* aggregates = nullptr);

 private:
  PlanOptions options_;
  std::vector<std::string> slot_names_;
  std::map<std::string, Variable> scope_;
  std::set<uint32_t> loaded_;
  logical::OpPtr chain_;
};

// One function per clause kind (plan_match.cpp, plan_projection.cpp).
void plan_match(PlannerState& state, const ast::Match& match);
void plan_unwind(PlannerState& state, const ast::Unwind& unwind);
/// WITH and RETURN; `columns`/`column_slots` are filled for RETURN.
void plan_projection(PlannerState& state, const ast::Projection& projection, const ast::Expr* where,
                     bool is_return, LogicalPlan* result);

/// The map entry of a node pattern that holds its external key:
/// `(n {`~key`: 'dog.n.01'})` (after Neptune's `~id`).
inline constexpr std::string_view kKeyEntry = "~key";

/// The slots of a pattern's nodes and relationships, in pattern order.
struct PatternSlots {
  std::vector<uint32_t> nodes;
  std::vector<uint32_t> rels;
};

/// `pattern` planned as a MATCH on the current chain (MERGE's inner plan);
/// returns the slots it introduced, and in `slots` those of its parts.
std::vector<uint32_t> plan_pattern_match(PlannerState& state, const ast::PathPattern& pattern,
                                         PatternSlots& slots);

/// CREATE, MERGE, SET, REMOVE, DELETE (plan_write.cpp).
void plan_create(PlannerState& state, const ast::Create& create);
void plan_merge(PlannerState& state, const ast::Merge& merge, SourcePos pos);
void plan_set(PlannerState& state, const std::vector<ast::SetItem>& items);
void plan_remove(PlannerState& state, const ast::Remove& remove);
void plan_delete(PlannerState& state, const ast::Delete& del);

/// CALL; returns the names it declared (a standalone CALL's columns).
std::vector<std::string> plan_call(PlannerState& state, const ast::Call& call, SourcePos pos);

/// Splits `a AND b AND c` into its conjuncts.
void conjuncts(const ast::Expr& expr, std::vector<const ast::Expr*>& out);

}  // namespace ds::query::detail
