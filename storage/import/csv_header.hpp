#pragma once

// The header of a Neo4j-admin-import CSV file, which says what each column
// holds, and the typed values of its fields.
//
// A column is `name` (a string property), `name:type` with type string, int,
// long (int64), float, double (double) or boolean, optionally an array
// (`int[]`: values separated by ';'), or one of the special columns :ID (the
// node key; `id:ID` also stores it as property `id`), :LABEL (labels
// separated by ';'), :START_ID, :END_ID, :TYPE (an edge's endpoints and
// relation type) and :IGNORE (skipped). Value type names are case-insensitive;
// the special columns are upper case.
// A node file has an :ID column, an edge file :START_ID, :END_ID and :TYPE.
// ID spaces (:ID(Group)) are not supported: keys are global.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "common/value.hpp"
#include "storage/import/csv_reader.hpp"

namespace ds::storage {

enum class CsvColumnRole { property, id, label, start_id, end_id, type, ignore };
enum class CsvValueType { string, integer, real, boolean };

struct CsvColumn {
  std::string header;  ///< as written, for messages
  CsvColumnRole role = CsvColumnRole::property;
  std::string name;  ///< the property name; for :ID "" when the column has none
  CsvValueType type = CsvValueType::string;
  std::string type_name;  ///< as written ("long"), for messages
  bool array = false;
};

struct CsvHeader {
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  bool edges = false;  ///< an edge file (:START_ID) rather than a node file (:ID)
  std::vector<CsvColumn> columns;
  std::size_t id = kNone;  ///< column indexes of the special columns
  std::size_t start_id = kNone;
  std::size_t end_id = kNone;
  std::size_t type = kNone;
};

/// The columns `fields` (a header record) declare. An error's message (no
/// file:line: the caller adds them) names the column: `column 3
/// "age:integr": unknown type integr; expected ...`.
Result<CsvHeader> parse_csv_header(const std::vector<CsvField>& fields);

/// "column N \"header\"" for messages about column `index` (0-based).
std::string describe_column(const CsvHeader& header, std::size_t index);

/// The value of `field` in property column `index`; nullopt when the field is
/// empty, which sets no property (a quoted "" in a string column is the
/// empty string). An error's message names the column and the bad value.
Result<std::optional<Value>> csv_value(const CsvHeader& header, std::size_t index,
                                       const CsvField& field);

}  // namespace ds::storage
