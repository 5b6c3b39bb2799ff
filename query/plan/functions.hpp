#pragma once

// The functions a query may call: scalar functions (evaluated per row) and
// aggregates (over a group). Names are case-insensitive, as in Cypher.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace ds::query {

enum class Function : uint8_t {
  id,
  key,  ///< ours: a node's external key
  labels,
  type,
  keys,
  properties,
  size,
  length,
  to_lower,
  to_upper,
  coalesce,
  nodes,
  relationships,
  start_node,
  end_node,
  head,
  last,
  range,
  abs,
  to_string,
  to_integer,
  to_float,
  trim,
};

struct FunctionInfo {
  std::string_view name;  ///< as documented: "toLower"
  Function function;
  uint8_t min_args;
  uint8_t max_args;  ///< 255: any number
};

enum class Aggregate : uint8_t { count, count_star, collect, min, max, sum, avg };

struct AggregateInfo {
  std::string_view name;
  Aggregate aggregate;
};

/// startNode and endNode: they make nodes out of relationships, so the
/// planner loads those relationships' endpoints before they run.
constexpr bool is_endpoint_function(Function f) {
  return f == Function::start_node || f == Function::end_node;
}

std::optional<FunctionInfo> find_function(std::string_view name);
std::optional<AggregateInfo> find_aggregate(std::string_view name);
std::span<const FunctionInfo> all_functions();

}  // namespace ds::query
