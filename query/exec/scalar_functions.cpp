// The scalar functions of the catalog (query/plan/functions.hpp), applied to
// evaluated arguments. A null argument gives null, as in Cypher, except
// where a function says otherwise.

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "query/exec/evaluate.hpp"

namespace ds::query {
namespace {

QueryError wrong(std::string_view function, std::string_view expected, const Datum& got,
                 SourcePos pos) {
  return type_mismatch(function, expected, got, pos);
}

const storage::Node* node_data(const Datum& value) {
  auto* node = value.get<NodeValue>();
  return node ? node->data.get() : nullptr;
}

Datum string_list(const std::vector<std::string>& items) {
  Datum::List out;
  for (const auto& item : items)
    out.emplace_back(item);
  return out;
}

Datum properties_map(const Properties& properties) {
  Datum::Map entries;
  for (const auto& [key, value] : properties)
    entries.emplace_back(key, from_value(value));
  return Datum::map(std::move(entries));
}

/// ASCII case mapping: Cypher's toLower/toUpper on the letters users type in
/// queries; other characters pass through unchanged.
std::string mapped(std::string text, bool upper) {
  for (auto& c : text)
    c = static_cast<char>(upper ? std::toupper(static_cast<unsigned char>(c))
                                : std::tolower(static_cast<unsigned char>(c)));
  return text;
}

/// Whether a node's or relationship's contents are loaded (the planner's job).
QueryResult<const Properties*> entity_properties(const Datum& value, std::string_view function,
                                                 SourcePos pos) {
  if (auto* node = value.get<NodeValue>()) {
    if (!node->data)
      return QueryError{QueryErrc::runtime_error, "internal: node contents not loaded", pos};
    return &node->data->properties;
  }
  if (auto* rel = value.get<RelValue>()) {
    static const Properties kNone;
    return rel->properties ? rel->properties.get() : &kNone;
  }
  return wrong(function, "a NODE or RELATIONSHIP", value, pos);
}

QueryResult<Datum> to_integer(const Datum& v, SourcePos pos) {
  if (auto* i = v.get<int64_t>()) return *i;
  if (auto* d = v.get<double>()) {
    if (!std::isfinite(*d) || std::abs(*d) >= 9.2e18) return Datum{};
    return static_cast<int64_t>(std::trunc(*d));
  }
  if (auto* b = v.get<bool>()) return int64_t{*b ? 1 : 0};
  if (auto* s = v.get<std::string>()) {
    int64_t out = 0;
    auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), out);
    if (ec == std::errc() && end == s->data() + s->size()) return out;
    char* stop = nullptr;
    double d = std::strtod(s->c_str(), &stop);
    if (!s->empty() && stop == s->c_str() + s->size() && std::isfinite(d) && std::abs(d) < 9.2e18)
      return static_cast<int64_t>(std::trunc(d));
    return Datum{};  // not a number: null, as in Cypher
  }
  return wrong("toInteger", "a number, BOOLEAN or STRING", v, pos);
}

QueryResult<Datum> to_float(const Datum& v, SourcePos pos) {
  if (v.is_number()) return v.number();
  if (auto* s = v.get<std::string>()) {
    char* stop = nullptr;
    double d = std::strtod(s->c_str(), &stop);
    if (!s->empty() && stop == s->c_str() + s->size()) return d;
    return Datum{};
  }
  return wrong("toFloat", "a number or STRING", v, pos);
}

QueryResult<Datum> range(const std::vector<Datum>& args, SourcePos pos) {
  int64_t bounds[3] = {0, 0, 1};
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto* n = args[i].get<int64_t>();
    if (!n) return wrong("range", "INTEGER arguments", args[i], pos);
    bounds[i] = *n;
  }
  auto [from, to, step] = bounds;
  if (step == 0) return QueryError{QueryErrc::runtime_error, "range: the step may not be 0", pos};
  constexpr int64_t kMax = 10'000'000;
  // Divide first: the bounds may be far apart.
  auto span = static_cast<double>(to) - static_cast<double>(from);
  if (span / static_cast<double>(step) > kMax)
    return QueryError{QueryErrc::too_complex,
                      "range would make more than " + std::to_string(kMax) + " values", pos};
  Datum::List out;
  for (int64_t i = from; step > 0 ? i <= to : i >= to; i += step) {
    out.emplace_back(i);
    if ((step > 0 && i > INT64_MAX - step) || (step < 0 && i < INT64_MIN - step)) break;
  }
  return out;
}

QueryResult<Datum> size_of(const Datum& v, SourcePos pos) {
  if (auto* s = v.get<std::string>()) {
    int64_t n = 0;  // code points, not bytes
    for (unsigned char c : *s)
      n += (c & 0xC0) != 0x80;
    return n;
  }
  if (auto* list = v.list()) return static_cast<int64_t>(list->size());
  if (auto* map = v.map_entries()) return static_cast<int64_t>(map->size());
  return wrong("size", "a STRING, LIST or MAP", v, pos);
}

}  // namespace

QueryResult<Datum> call_function(Function function, std::vector<Datum>& args, SourcePos pos) {
  const Datum& v = args.empty() ? Datum{} : args[0];
  if (function != Function::range &&
      std::any_of(args.begin(), args.end(), [](const Datum& a) { return a.is_null(); }))
    return Datum{};
  switch (function) {
    case Function::id:
      if (auto* node = v.get<NodeValue>()) return static_cast<int64_t>(node->id);
      return wrong("id", "a NODE", v, pos);
    case Function::key:
      if (auto* data = node_data(v)) return data->key;
      return wrong("key", "a NODE (loaded)", v, pos);
    case Function::labels:
      if (auto* data = node_data(v)) return string_list(data->labels);
      return wrong("labels", "a NODE", v, pos);
    case Function::type:
      if (auto* rel = v.get<RelValue>()) return rel->type;
      return wrong("type", "a RELATIONSHIP", v, pos);
    case Function::keys: {
      if (auto* map = v.map_entries()) {
        Datum::List out;
        for (const auto& entry : *map)
          out.emplace_back(entry.first);
        return out;
      }
      auto properties = entity_properties(v, "keys", pos);
      if (!properties) return std::move(properties).error();
      Datum::List out;
      for (const auto& entry : **properties)
        out.emplace_back(entry.first);
      return out;
    }
    case Function::properties: {
      if (v.map_entries()) return v;
      auto properties = entity_properties(v, "properties", pos);
      if (!properties) return std::move(properties).error();
      return properties_map(**properties);
    }
    case Function::size:
      return size_of(v, pos);
    case Function::length:
      if (auto* path = v.path()) return static_cast<int64_t>(path->rels.size());
      return size_of(v, pos);  // length of a string or list, as older Cypher allowed
    case Function::to_lower:
    case Function::to_upper:
      if (auto* s = v.get<std::string>()) return mapped(*s, function == Function::to_upper);
      return wrong(function == Function::to_upper ? "toUpper" : "toLower", "a STRING", v, pos);
    case Function::coalesce:
      return v;  // evaluate() short-circuits; reached with a non-null first
    case Function::nodes:
    case Function::relationships: {
      auto* path = v.path();
      if (!path)
        return wrong(function == Function::nodes ? "nodes" : "relationships", "a PATH", v, pos);
      Datum::List out;
      if (function == Function::nodes)
        for (const auto& node : path->nodes)
          out.emplace_back(node);
      else
        for (const auto& rel : path->rels)
          out.emplace_back(rel);
      return out;
    }
    case Function::start_node:
    case Function::end_node:
      if (auto* rel = v.get<RelValue>())
        return NodeValue{function == Function::start_node ? rel->src : rel->dst, nullptr};
      return wrong(function == Function::start_node ? "startNode" : "endNode", "a RELATIONSHIP", v,
                   pos);
    case Function::head:
    case Function::last:
      if (auto* list = v.list()) {
        if (list->empty()) return Datum{};
        return function == Function::head ? list->front() : list->back();
      }
      return wrong(function == Function::head ? "head" : "last", "a LIST", v, pos);
    case Function::range:
      return range(args, pos);
    case Function::abs:
      if (auto* i = v.get<int64_t>()) {
        if (*i == INT64_MIN)
          return QueryError{QueryErrc::runtime_error, "integer overflow in abs", pos};
        return *i < 0 ? -*i : *i;
      }
      if (auto* d = v.get<double>()) return std::abs(*d);
      return wrong("abs", "a number", v, pos);
    case Function::to_string:
      if (auto* s = v.get<std::string>()) return *s;
      if (v.is_number() || v.get<bool>()) return to_display(v);
      return wrong("toString", "a number, BOOLEAN or STRING", v, pos);
    case Function::to_integer:
      return to_integer(v, pos);
    case Function::to_float:
      return to_float(v, pos);
    case Function::trim:
      if (auto* s = v.get<std::string>()) {
        auto begin = s->find_first_not_of(" \t\n\r");
        if (begin == std::string::npos) return std::string();
        return s->substr(begin, s->find_last_not_of(" \t\n\r") - begin + 1);
      }
      return wrong("trim", "a STRING", v, pos);
  }
  return QueryError{QueryErrc::runtime_error, "internal: unknown function", pos};
}

}  // namespace ds::query
