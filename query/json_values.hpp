#pragma once

// Query values to and from JSON: request parameters in, result values out
// (the typed JSON of POST /api/v1/infer: nodes {"key", "labels",
// "properties"}, relationships {"type", "start", "end", "properties"},
// paths {"nodes", "relationships"}, lists, maps).

#include <nlohmann/json.hpp>

#include "query/datum.hpp"
#include "query/query_error.hpp"

namespace ds::query {

/// A parameter value: null, booleans, integers (int64), floats, strings,
/// arrays and objects. `name` says which parameter, for errors.
QueryResult<Datum> datum_from_json(const nlohmann::json& json, std::string_view name);

/// A result value. A node carries its id, and its key, labels and properties
/// once loaded; a relationship names its endpoints by id.
nlohmann::json datum_to_json(const Datum& value);

}  // namespace ds::query
