#include "query/datum.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>

namespace ds::query {

Datum Datum::map(Map entries) {
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  Map unique;
  for (auto& entry : entries) {
    if (!unique.empty() && unique.back().first == entry.first)
      unique.back().second = std::move(entry.second);  // the later one wins
    else
      unique.push_back(std::move(entry));
  }
  Datum out;
  out.data = std::make_shared<const Map>(std::move(unique));
  return out;
}

const Datum::List* Datum::list() const {
  auto* p = get<std::shared_ptr<const List>>();
  return p ? p->get() : nullptr;
}

const Datum::Map* Datum::map_entries() const {
  auto* p = get<std::shared_ptr<const Map>>();
  return p ? p->get() : nullptr;
}

const PathData* Datum::path() const {
  auto* p = get<std::shared_ptr<const PathData>>();
  return p ? p->get() : nullptr;
}

double Datum::number() const {
  if (auto* i = get<int64_t>()) return static_cast<double>(*i);
  if (auto* d = get<double>()) return *d;
  return 0;
}

std::string_view type_name(const Datum& value) {
  static constexpr std::string_view kNames[] = {"NULL",         "BOOLEAN", "INTEGER", "FLOAT",
                                                "STRING",       "LIST",    "MAP",     "NODE",
                                                "RELATIONSHIP", "PATH"};
  return kNames[value.data.index()];
}

Datum from_value(const ds::Value& value) {
  struct Convert {
    Datum operator()(std::monostate) const { return {}; }
    Datum operator()(bool b) const { return b; }
    Datum operator()(int64_t i) const { return i; }
    Datum operator()(double d) const { return d; }
    Datum operator()(const std::string& s) const { return s; }
    Datum operator()(const ds::Value::List& list) const {
      Datum::List out;
      out.reserve(list.size());
      for (const auto& item : list)
        out.push_back(from_value(item));
      return out;
    }
  };
  return std::visit(Convert{}, value.data);
}

std::optional<ds::Value> to_value(const Datum& value) {
  if (value.is_null()) return ds::Value{};
  if (auto* b = value.get<bool>()) return ds::Value{*b};
  if (auto* i = value.get<int64_t>()) return ds::Value{*i};
  if (auto* d = value.get<double>()) return ds::Value{*d};
  if (auto* s = value.get<std::string>()) return ds::Value{*s};
  if (auto* list = value.list()) {
    ds::Value::List out;
    for (const auto& item : *list) {
      auto converted = to_value(item);
      if (!converted) return std::nullopt;
      out.push_back(std::move(*converted));
    }
    return ds::Value{std::move(out)};
  }
  return std::nullopt;
}

namespace {

Ternary both(bool value) { return value ? Ternary::true_ : Ternary::false_; }

Ternary list_equals(const Datum::List& a, const Datum::List& b) {
  if (a.size() != b.size()) return Ternary::false_;
  bool unknown = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto e = equals(a[i], b[i]);
    if (e == Ternary::false_) return Ternary::false_;
    if (e == Ternary::null) unknown = true;
  }
  return unknown ? Ternary::null : Ternary::true_;
}

Ternary map_equals(const Datum::Map& a, const Datum::Map& b) {
  if (a.size() != b.size()) return Ternary::false_;
  bool unknown = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].first != b[i].first) return Ternary::false_;
    auto e = equals(a[i].second, b[i].second);
    if (e == Ternary::false_) return Ternary::false_;
    if (e == Ternary::null) unknown = true;
  }
  return unknown ? Ternary::null : Ternary::true_;
}

bool same_rel(const RelValue& a, const RelValue& b) {
  return a.src == b.src && a.dst == b.dst && a.type == b.type;
}

bool same_path(const PathData& a, const PathData& b) {
  if (a.nodes.size() != b.nodes.size()) return false;
  for (std::size_t i = 0; i < a.nodes.size(); ++i)
    if (a.nodes[i].id != b.nodes[i].id) return false;
  for (std::size_t i = 0; i < a.rels.size(); ++i)
    if (!same_rel(a.rels[i], b.rels[i])) return false;
  return true;
}

int sign(double a, double b) { return a < b ? -1 : a > b ? 1 : 0; }

/// int64 against double without losing precision for large integers.
int compare_numbers(const Datum& a, const Datum& b) {
  auto* ai = a.get<int64_t>();
  auto* bi = b.get<int64_t>();
  if (ai && bi) return *ai < *bi ? -1 : *ai > *bi ? 1 : 0;
  return sign(a.number(), b.number());
}

bool is_nan(const Datum& value) {
  auto* d = value.get<double>();
  return d && std::isnan(*d);
}

/// openCypher's orderability ranks of value types, ascending.
int order_rank(const Datum& value) {
  switch (value.data.index()) {
    case 6:
      return 0;  // map
    case 7:
      return 1;  // node
    case 8:
      return 2;  // relationship
    case 5:
      return 3;  // list
    case 9:
      return 4;  // path
    case 4:
      return 5;  // string
    case 1:
      return 6;  // boolean
    case 2:
    case 3:
      return is_nan(value) ? 8 : 7;  // number, NaN after every number
    default:
      return 9;  // null last
  }
}

void combine(std::size_t& seed, std::size_t value) {
  seed ^= value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
}

}  // namespace

Ternary equals(const Datum& a, const Datum& b) {
  if (a.is_null() || b.is_null()) return Ternary::null;
  if (a.is_number() && b.is_number()) {
    if (is_nan(a) || is_nan(b)) return Ternary::false_;
    return both(compare_numbers(a, b) == 0);
  }
  if (a.data.index() != b.data.index()) return Ternary::false_;
  if (auto* x = a.get<bool>()) return both(*x == *b.get<bool>());
  if (auto* x = a.get<std::string>()) return both(*x == *b.get<std::string>());
  if (auto* x = a.list()) return list_equals(*x, *b.list());
  if (auto* x = a.map_entries()) return map_equals(*x, *b.map_entries());
  if (auto* x = a.get<NodeValue>()) return both(x->id == b.get<NodeValue>()->id);
  if (auto* x = a.get<RelValue>()) return both(same_rel(*x, *b.get<RelValue>()));
  if (auto* x = a.path()) return both(same_path(*x, *b.path()));
  return Ternary::false_;
}

std::optional<int> compare(const Datum& a, const Datum& b) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  if (a.is_number() && b.is_number()) {
    if (is_nan(a) || is_nan(b)) return std::nullopt;
    return compare_numbers(a, b);
  }
  if (a.data.index() != b.data.index()) return std::nullopt;
  if (auto* x = a.get<bool>()) return int(*x) - int(*b.get<bool>());
  if (auto* x = a.get<std::string>()) {
    int c = x->compare(*b.get<std::string>());
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  if (auto* x = a.list()) {
    const auto& y = *b.list();
    for (std::size_t i = 0; i < x->size() && i < y.size(); ++i) {
      auto c = compare((*x)[i], y[i]);
      if (!c) return std::nullopt;
      if (*c != 0) return c;
    }
    return x->size() < y.size() ? -1 : x->size() > y.size() ? 1 : 0;
  }
  return std::nullopt;  // maps, nodes, relationships and paths have no < in Cypher
}

int order(const Datum& a, const Datum& b) {
  int ra = order_rank(a), rb = order_rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0: {
      const auto& x = *a.map_entries();
      const auto& y = *b.map_entries();
      for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (x[i].first != y[i].first) return x[i].first < y[i].first ? -1 : 1;
        if (int c = order(x[i].second, y[i].second)) return c;
      }
      return x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
    }
    case 1: {
      auto x = a.get<NodeValue>()->id, y = b.get<NodeValue>()->id;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 2: {
      const auto& x = *a.get<RelValue>();
      const auto& y = *b.get<RelValue>();
      if (x.src != y.src) return x.src < y.src ? -1 : 1;
      if (x.type != y.type) return x.type < y.type ? -1 : 1;
      return x.dst < y.dst ? -1 : x.dst > y.dst ? 1 : 0;
    }
    case 3: {
      const auto& x = *a.list();
      const auto& y = *b.list();
      for (std::size_t i = 0; i < x.size() && i < y.size(); ++i)
        if (int c = order(x[i], y[i])) return c;
      return x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
    }
    case 4: {
      const auto& x = *a.path();
      const auto& y = *b.path();
      for (std::size_t i = 0; i < x.nodes.size() && i < y.nodes.size(); ++i)
        if (x.nodes[i].id != y.nodes[i].id) return x.nodes[i].id < y.nodes[i].id ? -1 : 1;
      return x.nodes.size() < y.nodes.size() ? -1 : x.nodes.size() > y.nodes.size() ? 1 : 0;
    }
    case 5: {
      int c = a.get<std::string>()->compare(*b.get<std::string>());
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    case 6:
      return int(*a.get<bool>()) - int(*b.get<bool>());
    case 7:
      return compare_numbers(a, b);
    default:
      return 0;  // NaN with NaN, null with null
  }
}

bool equivalent(const Datum& a, const Datum& b) {
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  if (is_nan(a) || is_nan(b)) return is_nan(a) && is_nan(b);
  if (auto* x = a.list()) {
    auto* y = b.list();
    if (!y || x->size() != y->size()) return false;
    for (std::size_t i = 0; i < x->size(); ++i)
      if (!equivalent((*x)[i], (*y)[i])) return false;
    return true;
  }
  if (auto* x = a.map_entries()) {
    auto* y = b.map_entries();
    if (!y || x->size() != y->size()) return false;
    for (std::size_t i = 0; i < x->size(); ++i)
      if ((*x)[i].first != (*y)[i].first || !equivalent((*x)[i].second, (*y)[i].second))
        return false;
    return true;
  }
  return equals(a, b) == Ternary::true_;
}

std::size_t hash(const Datum& value) {
  std::size_t seed = value.is_number() ? 3 : value.data.index();
  if (value.is_number()) {
    double d = value.number();
    combine(seed, std::isnan(d) ? 0x7ff8 : std::hash<double>{}(d == 0 ? 0.0 : d));
  } else if (auto* b = value.get<bool>()) {
    combine(seed, *b);
  } else if (auto* s = value.get<std::string>()) {
    combine(seed, std::hash<std::string>{}(*s));
  } else if (auto* list = value.list()) {
    for (const auto& item : *list)
      combine(seed, hash(item));
  } else if (auto* map = value.map_entries()) {
    for (const auto& [key, item] : *map) {
      combine(seed, std::hash<std::string>{}(key));
      combine(seed, hash(item));
    }
  } else if (auto* node = value.get<NodeValue>()) {
    combine(seed, std::hash<uint64_t>{}(node->id));
  } else if (auto* rel = value.get<RelValue>()) {
    combine(seed, std::hash<uint64_t>{}(rel->src));
    combine(seed, std::hash<std::string>{}(rel->type));
    combine(seed, std::hash<uint64_t>{}(rel->dst));
  } else if (auto* path = value.path()) {
    for (const auto& node : path->nodes)
      combine(seed, std::hash<uint64_t>{}(node.id));
  }
  return seed;
}

std::size_t DatumsHash::operator()(const std::vector<Datum>& values) const {
  std::size_t seed = values.size();
  for (const auto& value : values)
    combine(seed, hash(value));
  return seed;
}

bool DatumsEquivalent::operator()(const std::vector<Datum>& a, const std::vector<Datum>& b) const {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!equivalent(a[i], b[i])) return false;
  return true;
}

namespace {

std::string display_double(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buffer[32];
  int n = std::snprintf(buffer, sizeof buffer, "%.17g", d);
  std::string text(buffer, static_cast<std::size_t>(n));
  // Shortest text that reads back the same double.
  for (int precision = 1; precision <= 17; ++precision) {
    n = std::snprintf(buffer, sizeof buffer, "%.*g", precision, d);
    if (std::strtod(buffer, nullptr) == d) {
      text.assign(buffer, static_cast<std::size_t>(n));
      break;
    }
  }
  if (text.find_first_of(".en") == std::string::npos) text += ".0";
  return text;
}

}  // namespace

std::string to_display(const Datum& value) {
  if (value.is_null()) return "null";
  if (auto* b = value.get<bool>()) return *b ? "true" : "false";
  if (auto* i = value.get<int64_t>()) return std::to_string(*i);
  if (auto* d = value.get<double>()) return display_double(*d);
  if (auto* s = value.get<std::string>()) return "'" + *s + "'";
  if (auto* list = value.list()) {
    std::string out = "[";
    for (std::size_t i = 0; i < list->size(); ++i)
      out += (i ? ", " : "") + to_display((*list)[i]);
    return out + "]";
  }
  if (auto* map = value.map_entries()) {
    std::string out = "{";
    for (std::size_t i = 0; i < map->size(); ++i)
      out += (i ? ", " : "") + (*map)[i].first + ": " + to_display((*map)[i].second);
    return out + "}";
  }
  if (auto* node = value.get<NodeValue>()) {
    if (!node->data) return "(#" + std::to_string(node->id) + ")";
    std::string out = "(" + node->data->key;
    for (const auto& label : node->data->labels)
      out += ":" + label;
    return out + ")";
  }
  if (auto* rel = value.get<RelValue>()) return "[:" + rel->type + "]";
  if (auto* path = value.path()) return "<path of " + std::to_string(path->rels.size()) + ">";
  return "?";
}

}  // namespace ds::query
