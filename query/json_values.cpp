#include "query/json_values.hpp"

namespace ds::query {

QueryResult<Datum> datum_from_json(const nlohmann::json& json, std::string_view name) {
  using T = nlohmann::json::value_t;
  switch (json.type()) {
    case T::null:
      return Datum{};
    case T::boolean:
      return Datum{json.get<bool>()};
    case T::number_integer:
      return Datum{json.get<int64_t>()};
    case T::number_unsigned: {
      auto value = json.get<uint64_t>();
      if (value > static_cast<uint64_t>(INT64_MAX))
        return QueryError{QueryErrc::parameter_error,
                          "the parameter $" + std::string(name) + " holds an integer past int64",
                          std::nullopt};
      return Datum{static_cast<int64_t>(value)};
    }
    case T::number_float:
      return Datum{json.get<double>()};
    case T::string:
      return Datum{json.get<std::string>()};
    case T::array: {
      Datum::List items;
      for (const auto& item : json) {
        auto value = datum_from_json(item, name);
        if (!value) return value;
        items.push_back(std::move(value).value());
      }
      return Datum{std::move(items)};
    }
    case T::object: {
      Datum::Map entries;
      for (const auto& [key, item] : json.items()) {
        auto value = datum_from_json(item, name);
        if (!value) return value;
        entries.emplace_back(key, std::move(value).value());
      }
      return Datum::map(std::move(entries));
    }
    default:
      return QueryError{QueryErrc::parameter_error,
                        "the parameter $" + std::string(name) + " has a type JSON cannot carry",
                        std::nullopt};
  }
}

namespace {

nlohmann::json properties_json(const Properties* properties) {
  auto out = nlohmann::json::object();
  if (!properties) return out;
  for (const auto& [key, value] : *properties)
    out[key] = datum_to_json(from_value(value));
  return out;
}

nlohmann::json node_json(const NodeValue& node) {
  nlohmann::json out;
  out["id"] = node.id;
  if (node.data) {
    out["key"] = node.data->key;
    out["labels"] = node.data->labels;
    out["properties"] = properties_json(&node.data->properties);
  }
  return out;
}

nlohmann::json rel_json(const RelValue& rel) {
  nlohmann::json out;
  out["type"] = rel.type;
  out["start"] = rel.src;
  out["end"] = rel.dst;
  out["properties"] = properties_json(rel.properties.get());
  return out;
}

}  // namespace

nlohmann::json datum_to_json(const Datum& value) {
  if (value.is_null()) return nullptr;
  if (auto* b = value.get<bool>()) return *b;
  if (auto* i = value.get<int64_t>()) return *i;
  if (auto* d = value.get<double>()) return *d;
  if (auto* s = value.get<std::string>()) return *s;
  if (auto* list = value.list()) {
    auto out = nlohmann::json::array();
    for (const auto& item : *list)
      out.push_back(datum_to_json(item));
    return out;
  }
  if (auto* map = value.map_entries()) {
    auto out = nlohmann::json::object();
    for (const auto& [key, item] : *map)
      out[key] = datum_to_json(item);
    return out;
  }
  if (auto* node = value.get<NodeValue>()) return node_json(*node);
  if (auto* rel = value.get<RelValue>()) return rel_json(*rel);
  if (auto* path = value.path()) {
    nlohmann::json out;
    out["nodes"] = nlohmann::json::array();
    for (const auto& node : path->nodes)
      out["nodes"].push_back(node_json(node));
    out["relationships"] = nlohmann::json::array();
    for (const auto& rel : path->rels)
      out["relationships"].push_back(rel_json(rel));
    return out;
  }
  return nullptr;
}

}  // namespace ds::query
