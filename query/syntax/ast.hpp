#pragma once

// The abstract syntax tree of the Cypher subset: what the parser hands the
// binder. Every node keeps the position of the token it starts at, so a
// later stage can point at it. Trees own their children (unique_ptr): an AST
// moves, it is not copied.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/value.hpp"
#include "query/query_error.hpp"

namespace ds::query::ast {

// ---- Expressions --------------------------------------------------------

enum class ExprKind : uint8_t {
  literal,     ///< `value`: null, bool, integer, float or string
  parameter,   ///< `$name`: `name`
  variable,    ///< `name`
  property,    ///< args[0].`name`
  index,       ///< args[0][args[1]]
  slice,       ///< args[0][args[1]..args[2]]; an omitted bound is a null pointer
  list,        ///< [args...]
  map,         ///< {names[i]: args[i], ...}
  function,    ///< `name`(args...), `distinct` for count(DISTINCT x) and the like
  count_star,  ///< count(*)
  has_labels,  ///< args[0]:names[0]:names[1]... (a label predicate: `n:Synset`)
  unary,       ///< `op` args[0]
  binary,      ///< args[0] `op` args[1]
};

enum class Op : uint8_t {
  none,
  // unary
  not_,
  negate,
  identity,     ///< unary +
  is_null,      ///< postfix IS NULL
  is_not_null,  ///< postfix IS NOT NULL
  // binary, loosest first
  or_,
  xor_,
  and_,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  in,
  starts_with,
  ends_with,
  contains,
  add,
  subtract,
  multiply,
  divide,
  modulo,
  power,
};

/// How an operator is written in Cypher: "AND", "<>", "STARTS WITH".
std::string_view spelling(Op op);

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  ExprKind kind = ExprKind::literal;
  Op op = Op::none;
  SourcePos pos;
  ds::Value value;   ///< literal
  std::string name;  ///< variable, parameter, property key, function name
  /// Map keys (one per arg), labels of has_labels, a function name's dotted parts.
  std::vector<std::string> names;
  std::vector<ExprPtr> args;
  bool distinct = false;  ///< function: an aggregate over distinct values
};

// ---- Patterns -----------------------------------------------------------

/// `(variable:Label1:Label2 {key: value})`; every part optional.
struct NodePattern {
  SourcePos pos;
  std::string variable;  ///< empty: anonymous
  std::vector<std::string> labels;
  ExprPtr properties;  ///< a map literal or a parameter; null: none
};

enum class RelDirection : uint8_t {
  right,  ///< -[]->
  left,   ///< <-[]-
  both,   ///< -[]-  (either direction)
};

/// `*`, `*n`, `*n..`, `*..m`, `*n..m`: the hop bounds as written. Unset bounds
/// take the defaults the binder applies (min 1, max the configured limit).
struct VarLength {
  std::optional<int64_t> min;
  std::optional<int64_t> max;
};

/// `-[variable:type1|type2*1..3 {key: value}]->`.
struct RelPattern {
  SourcePos pos;
  std::string variable;
  std::vector<std::string> types;  ///< empty: any type
  RelDirection direction = RelDirection::both;
  std::optional<VarLength> length;  ///< set: a variable-length relationship
  ExprPtr properties;
};

struct PathStep {
  RelPattern rel;
  NodePattern node;
};

/// `p = (a)-[r]->(b)<-[s]-(c)`: a start node and the steps from it.
struct PathPattern {
  SourcePos pos;
  std::string variable;  ///< the path variable `p`; empty: none
  NodePattern start;
  std::vector<PathStep> steps;
};

// ---- Clauses ------------------------------------------------------------

struct ProjectionItem {
  SourcePos pos;
  ExprPtr expr;
  std::string alias;  ///< `AS alias`; empty: none given
  std::string text;   ///< the expression as written: the column's name without an alias
};

struct SortItem {
  ExprPtr expr;
  bool descending = false;
};

/// What WITH and RETURN share.
struct Projection {
  bool distinct = false;
  bool star = false;  ///< `*`: every variable in scope, then `items`
  std::vector<ProjectionItem> items;
  std::vector<SortItem> order_by;
  ExprPtr skip;
  ExprPtr limit;
};

struct Match {
  bool optional = false;
  std::vector<PathPattern> patterns;
  ExprPtr where;
};

struct With {
  Projection projection;
  ExprPtr where;
};

struct Return {
  Projection projection;
};

struct Unwind {
  ExprPtr list;
  std::string alias;
};

struct Create {
  std::vector<PathPattern> patterns;
};

enum class SetKind : uint8_t {
  property,  ///< n.key = value
  replace,   ///< n = {map}: every property replaced
  merge,     ///< n += {map}: the map's keys set, others kept
  labels,    ///< n:Label1:Label2
};

struct SetItem {
  SourcePos pos;
  SetKind kind = SetKind::property;
  std::string variable;
  std::string property;             ///< property
  std::vector<std::string> labels;  ///< labels
  ExprPtr value;                    ///< property, replace, merge
};

struct Set {
  std::vector<SetItem> items;
};

/// REMOVE n.key or REMOVE n:Label.
struct RemoveItem {
  SourcePos pos;
  std::string variable;
  std::string property;             ///< set: a property is removed
  std::vector<std::string> labels;  ///< otherwise: these labels
};

struct Remove {
  std::vector<RemoveItem> items;
};

struct Delete {
  bool detach = false;
  std::vector<ExprPtr> targets;
};

struct Merge {
  PathPattern pattern;
  std::vector<SetItem> on_create;
  std::vector<SetItem> on_match;
};

struct YieldItem {
  SourcePos pos;
  std::string field;  ///< the procedure's output
  std::string alias;  ///< empty: the field's own name
};

/// CALL a.b.c(args) YIELD x, y AS z WHERE ...
struct Call {
  std::string procedure;                     ///< the dotted name: "db.index.vector.queryNodes"
  std::vector<std::string> procedure_parts;  ///< its parts, as written (quoted parts may hold '.')
  std::vector<ExprPtr> args;
  bool yield_all = false;  ///< no YIELD: every output (a standalone CALL)
  std::vector<YieldItem> yields;
  ExprPtr where;
};

struct Clause {
  SourcePos pos;
  std::variant<Match, With, Return, Unwind, Create, Merge, Set, Remove, Delete, Call> body;
};

enum class QueryMode : uint8_t {
  run,
  explain,  ///< plan only
  profile,  ///< run, and report rows and time per operator
};

struct Query {
  QueryMode mode = QueryMode::run;
  std::vector<Clause> clauses;
};

}  // namespace ds::query::ast
