#include "runtime/http/json_body.hpp"

#include <cmath>
#include <limits>

namespace ds::runtime {
namespace {

Error wrong_type(const std::string& where, std::string_view expected, const nlohmann::json& got) {
  return make_error(errc::invalid_argument,
                    where + ": expected " + std::string(expected) + ", got " + got.type_name());
}

}  // namespace

Result<nlohmann::json> parse_json_body(const HttpRequest& request) {
  try {
    return nlohmann::json::parse(request.body());
  } catch (const nlohmann::json::parse_error& e) {
    return make_error(errc::invalid_argument,
                      "body: not valid JSON at byte " + std::to_string(e.byte) +
                          " (send a JSON document with Content-Type: application/json)");
  }
}

Result<void> check_object(const nlohmann::json& value, std::string_view where,
                          std::initializer_list<std::string_view> known) {
  if (!value.is_object()) return wrong_type(std::string(where), "an object", value);
  for (const auto& [name, field] : value.items()) {
    bool ok = false;
    for (auto k : known)
      ok = ok || name == k;
    if (ok) continue;
    std::string expected;
    for (auto k : known)
      expected += (expected.empty() ? "" : ", ") + std::string(k);
    return make_error(errc::invalid_argument, std::string(where) + ": unknown field \"" + name +
                                                  "\"; expected " + expected);
  }
  return {};
}

Result<std::string> json_string(const nlohmann::json& value, const std::string& where) {
  if (!value.is_string()) return wrong_type(where, "a string", value);
  return value.get<std::string>();
}

Result<int64_t> json_integer(const nlohmann::json& value, const std::string& where, int64_t min,
                             int64_t max) {
  if (!value.is_number_integer()) return wrong_type(where, "a whole number", value);
  auto number = value.get<int64_t>();
  if (value.is_number_unsigned() && value.get<uint64_t>() > uint64_t(max)) number = max + 1;
  if (number < min || number > max)
    return make_error(errc::invalid_argument, where + ": " + value.dump() + " is outside " +
                                                  std::to_string(min) + ".." +
                                                  std::to_string(max));
  return number;
}

Result<std::vector<float>> json_floats(const nlohmann::json& value, const std::string& where) {
  if (!value.is_array()) return wrong_type(where, "an array of numbers", value);
  std::vector<float> out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto& item = value[i];
    auto at = where + "[" + std::to_string(i) + "]";
    if (!item.is_number()) return wrong_type(at, "a number", item);
    auto number = item.get<double>();
    if (std::abs(number) > std::numeric_limits<float>::max())
      return make_error(errc::invalid_argument, at + ": " + item.dump() +
                                                    " is outside the float range");
    out.push_back(static_cast<float>(number));
  }
  return out;
}

Result<std::vector<std::string>> json_strings(const nlohmann::json& value,
                                              const std::string& where) {
  if (!value.is_array()) return wrong_type(where, "an array of strings", value);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    auto text = json_string(value[i], where + "[" + std::to_string(i) + "]");
    if (!text) return text.error();
    out.push_back(std::move(text).value());
  }
  return out;
}

}  // namespace ds::runtime
