#pragma once

// ds::query::Datum: a value while a query runs. Property values (null, bool,
// integer, float, string, list) plus what only queries hold: maps, nodes,
// relationships and paths. Lists, maps and paths are immutable and shared
// (shared_ptr<const>): rows are copied from operator to operator, and a copy
// must not copy a node's properties or a path's hops.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "common/value.hpp"
#include "storage/graph/graph_types.hpp"

namespace ds::query {

struct Datum;

/// A node by id; `data` once loaded (labels, properties, key), null before:
/// operators that introduce nodes load them only when the query reads them.
struct NodeValue {
  storage::EntityId id = 0;
  std::shared_ptr<const storage::Node> data;
};

/// The nodes a query has loaded, by id: a node read twice is fetched once.
using NodeCache = std::unordered_map<storage::EntityId, std::shared_ptr<const storage::Node>>;

/// A relationship: an edge is one (source, type, target) triple in this
/// graph, so that triple is its identity. `properties` once loaded.
struct RelValue {
  storage::EntityId src = 0;
  std::string type;
  storage::EntityId dst = 0;
  std::shared_ptr<const Properties> properties;
};

struct PathData {
  std::vector<NodeValue> nodes;  ///< one more than rels
  std::vector<RelValue> rels;
};

struct Datum {
  using List = std::vector<Datum>;
  /// Entries sorted by key, keys unique.
  using Map = std::vector<std::pair<std::string, Datum>>;
  using Data = std::variant<std::monostate, bool, int64_t, double, std::string,
                            std::shared_ptr<const List>, std::shared_ptr<const Map>, NodeValue,
                            RelValue, std::shared_ptr<const PathData>>;

  Data data;

  Datum() = default;
  Datum(bool v) : data(v) {}                      // NOLINT: implicit like a literal
  Datum(int64_t v) : data(v) {}                   // NOLINT
  Datum(int v) : data(int64_t{v}) {}              // NOLINT
  Datum(double v) : data(v) {}                    // NOLINT
  Datum(std::string v) : data(std::move(v)) {}    // NOLINT
  Datum(const char* v) : data(std::string(v)) {}  // NOLINT
  Datum(List v) : data(std::make_shared<const List>(std::move(v))) {}          // NOLINT
  Datum(NodeValue v) : data(std::move(v)) {}                                   // NOLINT
  Datum(RelValue v) : data(std::move(v)) {}                                    // NOLINT
  Datum(PathData v) : data(std::make_shared<const PathData>(std::move(v))) {}  // NOLINT
  /// A map from unsorted entries; a later duplicate key wins.
  static Datum map(Map entries);

  bool is_null() const { return std::holds_alternative<std::monostate>(data); }
  bool is_number() const {
    return std::holds_alternative<int64_t>(data) || std::holds_alternative<double>(data);
  }
  template <class T>
  const T* get() const {
    return std::get_if<T>(&data);
  }
  const List* list() const;
  const Map* map_entries() const;
  const PathData* path() const;
  /// A number as a double (integers converted).
  double number() const;
};

/// Cypher's name of a value's type, for errors: "INTEGER", "NODE", "LIST".
std::string_view type_name(const Datum& value);

Datum from_value(const ds::Value& value);
/// The property value a Datum stores as; nullopt for maps, nodes,
/// relationships, paths and lists holding them (a property cannot hold them).
std::optional<ds::Value> to_value(const Datum& value);

/// Cypher's three-valued logic: false, true, or unknown (null).
enum class Ternary : uint8_t { false_, true_, null };

/// `a = b`: null when either side is null (or a list compares a null);
/// integers and floats compare by value; nodes and relationships by identity.
Ternary equals(const Datum& a, const Datum& b);
/// `a < b` and friends: the sign of a comparison, or nullopt when the two are
/// not comparable (null, different types, NaN): the comparison is null.
std::optional<int> compare(const Datum& a, const Datum& b);
/// ORDER BY's total order (openCypher orderability): maps, nodes,
/// relationships, lists, paths, strings, booleans, numbers (NaN after), null last.
int order(const Datum& a, const Datum& b);
/// DISTINCT's and grouping's equivalence: equality in which null equals null
/// (and NaN NaN). `hash` agrees with it (1 and 1.0 hash alike).
bool equivalent(const Datum& a, const Datum& b);
std::size_t hash(const Datum& value);

/// Hash and equality over rows of values (group keys, DISTINCT rows).
struct DatumsHash {
  std::size_t operator()(const std::vector<Datum>& values) const;
};
struct DatumsEquivalent {
  bool operator()(const std::vector<Datum>& a, const std::vector<Datum>& b) const;
};

/// A readable rendering for errors, EXPLAIN and tests: 1, 2.5, 'text',
/// [1, 2], {a: 1}, (n02084071:Synset), [:hypernym], <path of 2>.
std::string to_display(const Datum& value);

}  // namespace ds::query
