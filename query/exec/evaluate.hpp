#pragma once

// Evaluates a bound expression against one row, with Cypher's semantics:
// null propagates, comparisons of unlike types are null, AND/OR/XOR/NOT are
// three-valued, integer arithmetic is checked for overflow. Node and
// relationship contents must be loaded (the planner loads what an
// expression reads before it runs: LoadEntities).

#include <map>
#include <string>
#include <vector>

#include "query/datum.hpp"
#include "query/plan/expression.hpp"
#include "query/query_error.hpp"

namespace ds::query {

using Row = std::vector<Datum>;
using Parameters = std::map<std::string, Datum, std::less<>>;

struct EvalContext {
  const Parameters* parameters = nullptr;
  /// Where startNode and endNode find their nodes' contents (the planner
  /// loads a relationship's endpoints before such a call: LoadEntities).
  const NodeCache* nodes = nullptr;
};

QueryResult<Datum> evaluate(const Expression& expr, const Row& row, const EvalContext& context);

/// A predicate's verdict: WHERE keeps a row only when it is true (not null).
QueryResult<bool> holds(const Expression& expr, const Row& row, const EvalContext& context);

/// A scalar function applied to evaluated arguments (scalar_functions.cpp).
QueryResult<Datum> call_function(Function function, std::vector<Datum>& args, SourcePos pos);

/// The error of a value of the wrong type: "toLower expects a STRING, got INTEGER (5)".
QueryError type_mismatch(std::string_view what, std::string_view expected, const Datum& got,
                         SourcePos pos);

}  // namespace ds::query
