#include "sdk/result_table.hpp"

#include <algorithm>
#include <cstdio>

namespace ds::sdk {
namespace {

/// (a)-[:t]->(b)<-[:u]-(c): each relationship's arrow points the way it is stored.
std::string format_path(const nlohmann::json& path) {
  const auto& nodes = path["nodes"];
  const auto& rels = path["relationships"];
  auto node = [&](std::size_t i) {
    return "(" + (nodes[i].contains("key") ? nodes[i]["key"].get<std::string>() : "?") + ")";
  };
  std::string out = node(0);
  for (std::size_t i = 0; i < rels.size() && i + 1 < nodes.size(); ++i) {
    auto type = rels[i]["type"].get<std::string>();
    bool forward = rels[i]["start"] == nodes[i]["id"];
    out += forward ? "-[:" + type + "]->" : "<-[:" + type + "]-";
    out += node(i + 1);
  }
  return out;
}

}  // namespace

std::string format_value(const nlohmann::json& value) {
  if (value.is_null()) return "null";
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
  if (value.is_number_float()) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.15g", value.get<double>());
    std::string text = buffer;
    if (text.find_first_of(".en") == std::string::npos) text += ".0";
    return text;
  }
  if (value.is_string()) return "'" + value.get<std::string>() + "'";
  if (value.is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < value.size(); ++i)
      out += (i ? ", " : "") + format_value(value[i]);
    return out + "]";
  }
  if (value.contains("labels") && value.contains("key")) {
    std::string out = "(" + value["key"].get<std::string>();
    for (const auto& label : value["labels"])
      out += ":" + label.get<std::string>();
    return out + ")";
  }
  if (value.contains("type") && value.contains("start"))
    return "[:" + value["type"].get<std::string>() + "]";
  if (value.contains("nodes") && value.contains("relationships")) return format_path(value);
  std::string out = "{";
  bool first = true;
  for (const auto& [key, item] : value.items()) {
    out += (first ? "" : ", ") + key + ": " + format_value(item);
    first = false;
  }
  return out + "}";
}

std::string format_table(const std::vector<std::string>& columns, const nlohmann::json& rows,
                         std::size_t max_width) {
  std::vector<std::vector<std::string>> cells;
  std::vector<std::size_t> widths;
  for (const auto& column : columns)
    widths.push_back(std::min(column.size(), max_width));
  for (const auto& row : rows) {
    std::vector<std::string> line;
    for (std::size_t i = 0; i < row.size() && i < columns.size(); ++i) {
      auto text = format_value(row[i]);
      if (text.size() > max_width) text = text.substr(0, max_width - 3) + "...";
      widths[i] = std::max(widths[i], text.size());
      line.push_back(std::move(text));
    }
    cells.push_back(std::move(line));
  }
  auto print_line = [&](const std::vector<std::string>& values) {
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i) {
      out += (i ? " | " : "") + values[i];
      if (i + 1 < values.size()) out.append(widths[i] - std::min(widths[i], values[i].size()), ' ');
    }
    return out + "\n";
  };
  std::string out = print_line(columns);
  std::string rule;
  for (std::size_t i = 0; i < widths.size(); ++i)
    rule += (i ? "-+-" : "") + std::string(widths[i], '-');
  out += rule + "\n";
  for (const auto& line : cells)
    out += print_line(line);
  return out;
}

std::string format_updates(const UpdateCounts& updates) {
  std::string out;
  auto counted = [&](uint64_t count, const char* verb, const char* noun) {
    if (count)
      out +=
          (out.empty() ? "" : ", ") + std::string(verb) + " " + std::to_string(count) + " " + noun;
  };
  counted(updates.nodes_created, "Added", "nodes");
  counted(updates.nodes_deleted, "Deleted", "nodes");
  counted(updates.relationships_created, "Created", "relationships");
  counted(updates.relationships_deleted, "Deleted", "relationships");
  counted(updates.properties_set, "Set", "properties");
  counted(updates.labels_added, "Added", "labels");
  counted(updates.labels_removed, "Removed", "labels");
  return out.empty() ? "No changes" : out;
}

}  // namespace ds::sdk
