#include "query/plan/functions.hpp"

#include <array>

namespace ds::query {
namespace {

constexpr std::array kFunctions{
    FunctionInfo{"id", Function::id, 1, 1},
    FunctionInfo{"key", Function::key, 1, 1},
    FunctionInfo{"labels", Function::labels, 1, 1},
    FunctionInfo{"type", Function::type, 1, 1},
    FunctionInfo{"keys", Function::keys, 1, 1},
    FunctionInfo{"properties", Function::properties, 1, 1},
    FunctionInfo{"size", Function::size, 1, 1},
    FunctionInfo{"length", Function::length, 1, 1},
    FunctionInfo{"toLower", Function::to_lower, 1, 1},
    FunctionInfo{"toUpper", Function::to_upper, 1, 1},
    FunctionInfo{"coalesce", Function::coalesce, 1, 255},
    FunctionInfo{"nodes", Function::nodes, 1, 1},
    FunctionInfo{"relationships", Function::relationships, 1, 1},
    FunctionInfo{"startNode", Function::start_node, 1, 1},
    FunctionInfo{"endNode", Function::end_node, 1, 1},
    FunctionInfo{"head", Function::head, 1, 1},
    FunctionInfo{"last", Function::last, 1, 1},
    FunctionInfo{"range", Function::range, 2, 3},
    FunctionInfo{"abs", Function::abs, 1, 1},
    FunctionInfo{"toString", Function::to_string, 1, 1},
    FunctionInfo{"toInteger", Function::to_integer, 1, 1},
    FunctionInfo{"toFloat", Function::to_float, 1, 1},
    FunctionInfo{"trim", Function::trim, 1, 1},
};

constexpr std::array kAggregates{
    AggregateInfo{"count", Aggregate::count}, AggregateInfo{"collect", Aggregate::collect},
    AggregateInfo{"min", Aggregate::min},     AggregateInfo{"max", Aggregate::max},
    AggregateInfo{"sum", Aggregate::sum},     AggregateInfo{"avg", Aggregate::avg},
};

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  return true;
}

}  // namespace

std::optional<FunctionInfo> find_function(std::string_view name) {
  for (const auto& info : kFunctions)
    if (same_name(info.name, name)) return info;
  return std::nullopt;
}

std::optional<AggregateInfo> find_aggregate(std::string_view name) {
  for (const auto& info : kAggregates)
    if (same_name(info.name, name)) return info;
  return std::nullopt;
}

std::span<const FunctionInfo> all_functions() { return kFunctions; }

}  // namespace ds::query
