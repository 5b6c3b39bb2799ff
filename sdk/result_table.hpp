#pragma once

// A query's result as a text table for a terminal (deepseek-cli query):
// columns, then one line per row, values as Cypher prints them ('text',
// [1, 2], (key:Label) for a node, [:type] for a relationship).

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sdk/client.hpp"

namespace ds::sdk {

/// One result value, compact.
std::string format_value(const nlohmann::json& value);

/// Columns and rows, aligned, with a rule under the header. Cells wider than
/// `max_width` are cut with "...".
std::string format_table(const std::vector<std::string>& columns, const nlohmann::json& rows,
                         std::size_t max_width = 60);

/// What a writing query changed, as cypher-shell says it: "Added 1 nodes,
/// Set 2 properties, Created 1 relationships" ("No changes" for none).
std::string format_updates(const UpdateCounts& updates);

}  // namespace ds::sdk
