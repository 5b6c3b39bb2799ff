#pragma once

// Makes the nodes and relationships of CREATE and MERGE patterns for a
// chunk of rows, in two steps around one lookup: prepare() evaluates the
// property maps and says which explicit keys (`~key`) must be free; after
// the caller looked them up, create() records everything in the write set
// and binds the new entities in the rows.

#include <optional>
#include <string>
#include <vector>

#include "query/exec/exec_context.hpp"
#include "query/plan/logical_plan.hpp"

namespace ds::query {

class PatternCreator {
 public:
  /// `clause` names the clause in errors: "CREATE", "MERGE".
  PatternCreator(ExecContext& context, const std::vector<logical::PatternToCreate>& patterns,
                 std::string clause);

  /// Evaluates the property maps of `rows`; returns the explicit keys to look up.
  QueryResult<std::vector<std::string>> prepare(const std::vector<Row>& rows);
  /// Creates the patterns in `rows` (those prepare() saw), given the nodes
  /// the store has under the keys it returned, in order.
  QueryResult<bool> create(std::vector<Row>& rows,
                           const std::vector<std::optional<storage::Node>>& existing);

 private:
  struct NodePlan {
    std::string key;  ///< empty: generated
    std::vector<std::string> labels;
    Properties properties;
  };
  struct RowPlan {
    std::vector<std::vector<NodePlan>> nodes;   ///< per pattern, per node (unused if bound)
    std::vector<std::vector<Properties>> rels;  ///< per pattern, per relationship
  };

  QueryResult<bool> prepare_row(const Row& row, RowPlan& plan, std::vector<std::string>& keys);
  QueryResult<bool> create_row(Row& row, RowPlan& plan);

  ExecContext& context_;
  const std::vector<logical::PatternToCreate>& patterns_;
  std::string clause_;
  std::vector<RowPlan> plans_;
};

/// The properties and key a pattern's map gives (`~key` is the key, null
/// values are left out). Also for SET n = map, n += map (no key there).
struct PropertyMap {
  Properties properties;
  std::optional<std::string> key;
  std::vector<std::string> nulls;  ///< keys given as null
};

QueryResult<PropertyMap> to_property_map(const Datum& value, SourcePos pos, bool key_allowed);

/// A property value from a query value: maps, nodes and the like are errors.
QueryResult<Value> to_property(const Datum& value, std::string_view key, SourcePos pos);

}  // namespace ds::query
