#pragma once

// The .test files of tests/queries: query behaviour as data (after DuckDB's
// sqllogictest). A file names its graph, then holds blocks:
//
//   graph people                      (tests/queries/graphs/people/*.csv, or wordnet)
//
//   query ordered                     (or: query unordered)
//   params {"name": "Alice"}          (optional, JSON)
//   MATCH (p:Person {name: $name})
//   RETURN p.age
//   ----
//   p.age                             (the columns, joined by " | ")
//   30                                (each row, values as to_display prints them)
//
//   error
//   MATCH (n) RETURN m
//   ----
//   semantic_error: unknown variable 'm'   (the code, and a part of the message)
//
//   statement ok                      (a query that succeeds and returns nothing:
//   MATCH (n {name: 'x'}) DELETE n     a write without RETURN)
//
// Blocks end at a blank line; lines starting with # are comments.

#include <filesystem>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "query/datum.hpp"

namespace ds::query::testing {

struct QueryCase {
  int line = 0;  ///< where the block starts
  std::string query;
  std::string params;  ///< JSON object text, or empty
  bool ordered = false;
  bool expect_error = false;
  std::vector<std::string> expected;  ///< columns line then rows, or the error line
};

struct QueryFile {
  std::filesystem::path path;
  std::string graph;
  std::vector<QueryCase> cases;
};

Result<QueryFile> read_query_file(const std::filesystem::path& path);

/// A result row as the files write it: values by to_display, joined " | ".
std::string format_row(const std::vector<Datum>& row);

}  // namespace ds::query::testing
