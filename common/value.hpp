#pragma once

// ds::Value: a property of an entity or relation (null, bool, int, float,
// string, or a list of values), and Properties, a node's or edge's named
// values in key order. Plain C++; schema/value_codec.hpp moves them to and
// from Cap'n Proto.

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace ds {

struct Value {
  using List = std::vector<Value>;
  using Data = std::variant<std::monostate, bool, int64_t, double, std::string, List>;

  Data data;

  Value() = default;
  Value(bool v) : data(v) {}                      // NOLINT: implicit like a literal
  Value(int64_t v) : data(v) {}                   // NOLINT
  Value(int v) : data(int64_t{v}) {}              // NOLINT
  Value(double v) : data(v) {}                    // NOLINT
  Value(std::string v) : data(std::move(v)) {}    // NOLINT
  Value(const char* v) : data(std::string(v)) {}  // NOLINT
  Value(List v) : data(std::move(v)) {}           // NOLINT

  bool is_null() const { return std::holds_alternative<std::monostate>(data); }
  friend bool operator==(const Value&, const Value&) = default;
};

/// Named values, ordered by name (deterministic encoding and comparison).
using Properties = std::map<std::string, Value, std::less<>>;

}  // namespace ds
