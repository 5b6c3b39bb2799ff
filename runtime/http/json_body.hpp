#pragma once

// Reading a JSON request body into typed values, with errors that name the
// field ("vectors[2].vector[5]: expected a number, got string") or the byte
// where the JSON broke, so a client can fix the request.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "runtime/http/http_types.hpp"

namespace ds::runtime {

/// The body as JSON; invalid JSON is invalid_argument with the byte offset.
Result<nlohmann::json> parse_json_body(const HttpRequest& request);

/// `value` is an object whose fields are all among `known`.
Result<void> check_object(const nlohmann::json& value, std::string_view where,
                          std::initializer_list<std::string_view> known);

Result<std::string> json_string(const nlohmann::json& value, const std::string& where);
/// A whole number in min..max.
Result<int64_t> json_integer(const nlohmann::json& value, const std::string& where, int64_t min,
                             int64_t max);
/// An array of numbers that fit a float (JSON has no NaN or infinity).
Result<std::vector<float>> json_floats(const nlohmann::json& value, const std::string& where);
Result<std::vector<std::string>> json_strings(const nlohmann::json& value,
                                              const std::string& where);

}  // namespace ds::runtime
