#pragma once

// A bound expression: what the planner makes of an ast::Expr once names are
// resolved. Variables are row slots, functions are catalog entries,
// aggregates are replaced by the slot their result lands in; parameters
// stay named, so a plan does not depend on their values.

#include <cstdint>
#include <string>
#include <vector>

#include "query/datum.hpp"
#include "query/plan/functions.hpp"
#include "query/query_error.hpp"
#include "query/syntax/ast.hpp"

namespace ds::query {

struct Expression {
  enum class Kind : uint8_t {
    constant,    ///< `constant`
    parameter,   ///< `name`
    slot,        ///< the row's value at `slot`
    property,    ///< args[0].`name`
    index,       ///< args[0][args[1]]
    slice,       ///< args[0][args[1]..args[2]]; `open_from` / `open_to` for omitted bounds
    list,        ///< [args...]
    map,         ///< {names[i]: args[i]}
    function,    ///< `function`(args...)
    has_labels,  ///< args[0] has every label in `names`
    unary,       ///< `op` args[0]
    binary,      ///< args[0] `op` args[1]
  };

  Kind kind = Kind::constant;
  ast::Op op = ast::Op::none;
  Function function = Function::id;
  bool open_from = false;
  bool open_to = false;
  uint32_t slot = 0;
  SourcePos pos;
  Datum constant;
  std::string name;
  std::vector<std::string> names;
  std::vector<Expression> args;

  static Expression of_slot(uint32_t slot, SourcePos pos = {}) {
    Expression e;
    e.kind = Kind::slot;
    e.slot = slot;
    e.pos = pos;
    return e;
  }
  static Expression of_constant(Datum value, SourcePos pos = {}) {
    Expression e;
    e.kind = Kind::constant;
    e.constant = std::move(value);
    e.pos = pos;
    return e;
  }
};

/// Whether two expressions are the same computation (ORDER BY matching a
/// projected item).
bool same(const Expression& a, const Expression& b);

/// Every slot `expr` reads, appended to `out` (duplicates possible).
void slots_read(const Expression& expr, std::vector<uint32_t>& out);
/// The slots the arguments of `expr`'s startNode and endNode calls read.
void endpoint_slots_read(const Expression& expr, std::vector<uint32_t>& out);

/// The expression as text for EXPLAIN: slots named by `slot_names`.
std::string to_display(const Expression& expr, const std::vector<std::string>& slot_names);

}  // namespace ds::query
