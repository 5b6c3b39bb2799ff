#pragma once

// The logical plan: a chain of operators, each transforming the rows of its
// input (the leaf is Once: one empty row). A row has one slot per variable
// and intermediate value of the query (LogicalPlan::slot_names); operators
// write their own slots and leave the others. The planner builds it
// (planner.hpp), the optimizer rewrites it (optimizer.hpp), the executor runs
// it (query/exec).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "query/plan/expression.hpp"
#include "query/plan/procedures.hpp"
#include "storage/graph/graph_types.hpp"

namespace ds::query::logical {

/// `key op value` on a node's property, evaluated where the node is stored
/// (a scan pushed down to the shards). `value` is a constant or a parameter.
struct PropertyPredicate {
  std::string key;
  ast::Op op = ast::Op::eq;
  Expression value;
};

/// One row with no values: the start of every plan.
struct Once {};

/// The input rows of an Optional, fed to its inner plan.
struct Argument {};

/// `key(n) = v`, `key(n) IN list`, `id(n) = v` or `id(n) IN list` (`values`
/// a constant or a parameter): the nodes are looked up at their owners
/// instead of scanned.
struct NodeLookup {
  bool by_id = false;  ///< id(n); else key(n)
  bool list = false;   ///< IN: `values` is a list
  Expression values;
};

/// Every node with all of `labels` (none: every node) whose properties pass
/// `predicates`, crossed with each input row. With `lookup`, only the nodes
/// it names are read (NodeByKey, NodeById), then checked the same way.
struct NodeScan {
  uint32_t slot = 0;
  std::vector<std::string> labels;
  std::vector<PropertyPredicate> predicates;
  std::optional<NodeLookup> lookup;
  /// Set by the optimizer when only this many rows can be used (a LIMIT
  /// with nothing that drops rows between): each store returns at most that.
  std::optional<Expression> limit;
};

/// From the node in `from` over one edge of `types` (empty: any) in
/// `direction` to `to`; with `into`, `to` is already bound and the edge must
/// reach it. The edge lands in `rel` and must differ from the edges in
/// `unique_rels` and in the lists of `unique_rel_lists` (relationship
/// uniqueness within one MATCH).
struct Expand {
  uint32_t from = 0;
  uint32_t to = 0;
  uint32_t rel = 0;
  std::vector<std::string> types;
  storage::Direction direction = storage::Direction::out;
  bool into = false;
  std::vector<uint32_t> unique_rels;
  std::vector<uint32_t> unique_rel_lists;
};

/// Paths of `min`..`max` edges from `from` (no edge twice on a path), frontier
/// by frontier: each hop is one batched expansion. The edges land in
/// `rel_list` (a list), the walk in `path` (a path value) when asked.
struct VarExpand {
  uint32_t from = 0;
  uint32_t to = 0;
  std::optional<uint32_t> rel_list;
  std::optional<uint32_t> path;
  std::vector<std::string> types;
  storage::Direction direction = storage::Direction::out;
  int64_t min = 1;
  int64_t max = 1;
  bool into = false;
  std::vector<uint32_t> unique_rels;
  std::vector<uint32_t> unique_rel_lists;
};

/// Loads the labels and properties of the nodes (and the properties of the
/// relationships) in `slots`, also inside lists and paths: what expressions
/// after it read.
struct LoadEntities {
  std::vector<uint32_t> slots;
  /// Slots whose relationships' start and end nodes are loaded into the
  /// query's node cache, where startNode and endNode find them.
  std::vector<uint32_t> endpoint_slots;
};

struct Filter {
  Expression predicate;
};

struct Project {
  std::vector<std::pair<uint32_t, Expression>> items;  ///< slot <- value
};

struct AggregateCall {
  Aggregate function = Aggregate::count;
  bool distinct = false;
  Expression arg;  ///< unused for count(*)
  uint32_t slot = 0;
};

/// Groups rows by `keys` and computes `aggregates` per group; the output
/// rows hold only those slots. No keys: one group, even over no rows.
struct Aggregation {
  std::vector<std::pair<uint32_t, Expression>> keys;
  std::vector<AggregateCall> aggregates;
};

/// Keeps the first row of each distinct combination of `slots`.
struct Distinct {
  std::vector<uint32_t> slots;
};

struct SortKey {
  Expression value;
  bool descending = false;
};

/// Sorts by `keys` (stable); with `top`, only that many rows are kept (a
/// LIMIT pushed into the sort: a heap, not a full sort).
struct Sort {
  std::vector<SortKey> keys;
  std::optional<Expression> top;
};

struct Skip {
  Expression count;
};

struct Limit {
  Expression count;
};

/// One row per element of `list` (null or empty: no rows), the element in `slot`.
struct Unwind {
  Expression list;
  uint32_t slot = 0;
};

/// OPTIONAL MATCH: `inner` (over Argument) runs on the input rows; an input
/// row it finds nothing for is kept with `introduced` set to null.
struct Optional {
  std::unique_ptr<struct Op> inner;
  std::vector<uint32_t> introduced;
};

/// A path value from its parts, in order: a node slot, then (edge slot, node
/// slot) pairs, where an edge slot holds a relationship or a var-length
/// segment (a path).
struct BuildPath {
  uint32_t slot = 0;
  uint32_t start = 0;
  std::vector<std::pair<uint32_t, uint32_t>> steps;  ///< (edge or segment, node)
};

/// CALL: for each input row, the procedure's rows (node, score), the
/// outputs asked for landing in their slots (output index, slot).
struct ProcedureCall {
  Procedure procedure = Procedure::vector_query_nodes;
  std::vector<Expression> args;
  std::vector<std::pair<uint32_t, uint32_t>> outputs;
};

// ---- Writes (docs/query-engine.md, "Writes"): each records its effect in
// the query's write set, which later operators read through and the
// executor commits at the end.

/// A node of a CREATE or MERGE pattern. `properties` evaluates to a map
/// (a literal or a parameter); its entry `~key` is the node's external key
/// (none: a generated one), the others its properties. A node whose
/// variable is bound already is not created.
struct NodeToCreate {
  uint32_t slot = 0;
  bool bound = false;
  std::vector<std::string> labels;
  std::optional<Expression> properties;
  SourcePos pos;
};

/// A relationship of a CREATE or MERGE pattern, between the pattern's
/// nodes i and i + 1: from i to i + 1 when `forwards`.
struct RelToCreate {
  uint32_t slot = 0;
  std::string type;
  bool forwards = true;
  std::optional<Expression> properties;
  SourcePos pos;
};

struct PatternToCreate {
  std::vector<NodeToCreate> nodes;  ///< one more than rels
  std::vector<RelToCreate> rels;
};

/// CREATE: the patterns, created for each input row.
struct Create {
  std::vector<PatternToCreate> patterns;
};

enum class SetKind : uint8_t {
  property,         ///< slot.property = value (null: removed)
  replace,          ///< slot = map: every property replaced
  merge,            ///< slot += map
  add_labels,       ///< slot:labels
  remove_property,  ///< REMOVE slot.property
  remove_labels,    ///< REMOVE slot:labels
};

struct SetItem {
  SetKind kind = SetKind::property;
  uint32_t slot = 0;
  std::string property;
  std::vector<std::string> labels;
  Expression value;
  SourcePos pos;
};

/// SET and REMOVE: the items applied in order to each input row's entities.
struct SetItems {
  std::vector<SetItem> items;
};

/// DELETE and DETACH DELETE of the nodes, relationships and paths `targets` hold.
struct Delete {
  std::vector<Expression> targets;
  bool detach = false;
};

/// Every input row read before the first is passed on: the writes before
/// it are all done before the reads after it (Neo4j's Eager).
struct Eager {};

/// MERGE: for each input row, one at a time (a row sees what earlier rows
/// created), the rows `inner` (over Argument) matches, `on_match` applied;
/// none: `create` made, `on_create` applied.
struct Merge {
  std::unique_ptr<struct Op> inner;
  std::vector<uint32_t> introduced;
  PatternToCreate create;
  std::vector<SetItem> on_create;
  std::vector<SetItem> on_match;
};

using Body = std::variant<Once, Argument, NodeScan, Expand, VarExpand, LoadEntities, Filter,
                          Project, Aggregation, Distinct, Sort, Skip, Limit, Unwind, Optional,
                          BuildPath, ProcedureCall, Create, SetItems, Delete, Merge, Eager>;

struct Op {
  Body body;
  std::unique_ptr<Op> input;  ///< null for Once and Argument
};

using OpPtr = std::unique_ptr<Op>;

/// The operator's name for EXPLAIN and PROFILE: "NodeScan", "VarExpand".
std::string_view name_of(const Body& body);

}  // namespace ds::query::logical

namespace ds::query {

struct LogicalPlan {
  logical::OpPtr root;
  std::vector<std::string> columns;     ///< result column names, in order
  std::vector<uint32_t> column_slots;   ///< the slot of each column
  std::vector<std::string> slot_names;  ///< for EXPLAIN: "n", "n.name", "  rel3"
  bool writes = false;                  ///< CREATE, MERGE, SET, REMOVE or DELETE
};

/// The plan as EXPLAIN prints it: one operator per line, root first, with
/// its details (`NodeScan n:Synset {name = 'dog.n.01'}`).
std::string explain(const LogicalPlan& plan);

}  // namespace ds::query
