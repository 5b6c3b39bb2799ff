#pragma once

// Makes the nodes and relationships of CREATE and MERGE patterns for a
// chunk of rows: evaluates the property maps, checks that the explicit keys
// (`~key`) are free (one lookup for the chunk), reserves the new nodes' ids
// (one request), then records everything in the write set and binds the
// new entities in the rows.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "query/exec/exec_context.hpp"
#include "query/plan/logical_plan.hpp"

namespace ds::query {

class PatternCreator {
 public:
  /// Runs a continuation, charging its time to the operator that owns the
  /// creator (Operator::timed: PROFILE).
  using Charge = std::function<void(const std::function<void()>&)>;

  /// `clause` names the clause in errors: "CREATE", "MERGE".
  PatternCreator(ExecContext& context, const std::vector<logical::PatternToCreate>& patterns,
                 std::string clause, Charge charge);

  /// Creates the patterns for each of `rows` (which must stay put until
  /// `done` ran); a taken key is a runtime_error with cause already_exists.
  /// `done` runs charged (or at once, inside the caller's task).
  void run(std::vector<Row>& rows, std::function<void(QueryResult<bool>)> done);

 private:
  struct NodePlan {
    std::string key;
    bool explicit_key = false;  ///< given as `~key` (else generated): must be free
    std::vector<std::string> labels;
    Properties properties;
  };
  /// The keys to check and the keys to reserve ids for.
  struct Needs {
    std::vector<std::string> check;
    std::vector<std::string> create;
  };

  QueryResult<Needs> prepare(const std::vector<Row>& rows);
  /// Given the nodes the store has under the keys to check and the ids
  /// reserved, in order.
  QueryResult<bool> create(std::vector<Row>& rows,
                           const std::vector<std::optional<storage::Node>>& existing,
                           const std::vector<storage::EntityId>& ids);
  struct RowPlan {
    std::vector<std::vector<NodePlan>> nodes;   ///< per pattern, per node (unused if bound)
    std::vector<std::vector<Properties>> rels;  ///< per pattern, per relationship
  };

  QueryResult<bool> prepare_row(const Row& row, RowPlan& plan, Needs& needs);
  QueryResult<bool> create_row(Row& row, RowPlan& plan, const std::vector<storage::EntityId>& ids,
                               std::size_t& next_id);

  /// A graph-source reply whose continuation runs charged.
  template <class T>
  GraphSource::Reply<T> resume(std::function<void(QueryResult<T>)> next) {
    return context_.resume<T>([this, next = std::move(next)](QueryResult<T> result) mutable {
      charge_([&] { next(std::move(result)); });
    });
  }

  ExecContext& context_;
  const std::vector<logical::PatternToCreate>& patterns_;
  std::string clause_;
  Charge charge_;
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
