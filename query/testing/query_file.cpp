#include "query/testing/query_file.hpp"

#include <fstream>

namespace ds::query::testing {

Result<QueryFile> read_query_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return make_error(errc::not_found, path.string() + ": cannot open");
  QueryFile file;
  file.path = path;
  std::string line;
  int number = 0;
  auto fail = [&](const std::string& message) {
    return make_error(errc::invalid_argument,
                      path.string() + ":" + std::to_string(number) + ": " + message);
  };
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("graph ", 0) == 0) {
      file.graph = line.substr(6);
      continue;
    }
    QueryCase block;
    block.line = number;
    if (line == "query ordered" || line == "query unordered") {
      block.ordered = line == "query ordered";
    } else if (line == "error") {
      block.expect_error = true;
    } else if (line == "statement ok") {
      block.expected.emplace_back();  // no columns, no rows
      while (std::getline(in, line) && !line.empty()) {
        ++number;
        block.query += (block.query.empty() ? "" : "\n") + line;
      }
      ++number;
      if (block.query.empty()) return fail("'statement ok' needs a query on the next line");
      file.cases.push_back(std::move(block));
      continue;
    } else {
      return fail(
          "expected 'query ordered', 'query unordered', 'statement ok', 'error' or 'graph NAME'");
    }
    bool expected = false;
    while (std::getline(in, line)) {
      ++number;
      if (!expected && line == "----") {
        expected = true;
        continue;
      }
      if (expected) {
        if (line.empty()) break;
        block.expected.push_back(line);
      } else if (block.query.empty() && line.rfind("params ", 0) == 0) {
        block.params = line.substr(7);
      } else {
        if (line.empty()) return fail("a blank line inside a query: end it with ----");
        block.query += (block.query.empty() ? "" : "\n") + line;
      }
    }
    if (!expected) return fail("the block has no ---- line");
    if (block.expected.empty())
      return fail("the block expects nothing: give the columns (or the error) after ----");
    file.cases.push_back(std::move(block));
  }
  if (file.graph.empty())
    return make_error(errc::invalid_argument, path.string() + ": no graph line");
  return file;
}

std::string format_row(const std::vector<Datum>& row) {
  std::string out;
  for (std::size_t i = 0; i < row.size(); ++i)
    out += (i ? " | " : "") + to_display(row[i]);
  return out;
}

}  // namespace ds::query::testing
