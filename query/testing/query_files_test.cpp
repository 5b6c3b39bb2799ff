#define BOOST_TEST_MODULE query_files
// Runs the .test files of tests/queries (DS_QUERY_FILES names the folder)
// whose graph is a synthetic one, on a MemoryGraph loaded from that graph's
// CSV files: parser, planner and executor end to end, without actors. The
// files on the WordNet demo graph run against a real server (tests/
// query_files_test.py).
#include <algorithm>
#include <cstdlib>

#include <boost/test/unit_test.hpp>

#include "query/json_values.hpp"
#include "query/run_query.hpp"
#include "query/testing/memory_graph.hpp"
#include "query/testing/query_file.hpp"
#include "storage/import/csv_source.hpp"

namespace fs = std::filesystem;
using namespace ds::query;
using namespace ds::query::testing;

namespace {

fs::path files_dir() {
  const char* dir = std::getenv("DS_QUERY_FILES");
  BOOST_REQUIRE_MESSAGE(dir, "set DS_QUERY_FILES to tests/queries");
  return dir;
}

std::unique_ptr<MemoryGraph> load_graph(const fs::path& dir) {
  std::vector<fs::path> csvs;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".csv") csvs.push_back(entry.path());
  std::sort(csvs.begin(), csvs.end());
  auto source = ds::storage::open_csv(csvs);
  BOOST_REQUIRE_MESSAGE(source.ok(), (source.ok() ? std::string() : source.error().message));
  auto graph = std::make_unique<MemoryGraph>();
  auto loaded = graph->load(**source);
  BOOST_REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? std::string() : loaded.error().message));
  return graph;
}

QueryResult<QueryResponse> run(MemoryGraph& graph, const QueryCase& test) {
  Parameters parameters;
  if (!test.params.empty()) {
    auto json = nlohmann::json::parse(test.params);
    for (const auto& [name, value] : json.items()) {
      auto datum = datum_from_json(value, name);
      if (!datum) return std::move(datum).error();
      parameters[name] = std::move(datum).value();
    }
  }
  std::optional<QueryResult<QueryResponse>> result;
  run_query(test.query, std::move(parameters), graph, QueryOptions{},
            [&](QueryResult<QueryResponse> r) { result = std::move(r); });
  BOOST_REQUIRE_MESSAGE(result.has_value(), "the in-memory graph answers at once");
  return std::move(*result);
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines)
    out += "\n    " + line;
  return out;
}

void check(MemoryGraph& graph, const QueryFile& file, const QueryCase& test) {
  auto where = file.path.filename().string() + ":" + std::to_string(test.line);
  auto result = run(graph, test);
  if (test.expect_error) {
    if (result.ok()) {
      BOOST_ERROR(where << ": expected an error, got a result\n  " << test.query);
      return;
    }
    auto line = std::string(to_string(result.error().code)) + ": " + result.error().message;
    const auto& want = test.expected.front();
    auto colon = want.find(": ");
    bool same_code = want.substr(0, colon) == to_string(result.error().code);
    bool has_part = colon != std::string::npos &&
                    result.error().message.find(want.substr(colon + 2)) != std::string::npos;
    if (!same_code || !has_part)
      BOOST_ERROR(where << ": expected the error\n    " << want << "\n  got\n    " << line);
    return;
  }
  if (!result.ok()) {
    BOOST_ERROR(where << ": " << describe(result.error(), test.query));
    return;
  }
  std::vector<std::string> got;
  std::string header;
  for (std::size_t i = 0; i < result->output.columns.size(); ++i)
    header += (i ? " | " : "") + result->output.columns[i];
  for (const auto& row : result->output.rows)
    got.push_back(format_row(row));
  std::vector<std::string> want(test.expected.begin() + 1, test.expected.end());
  if (!test.ordered) {
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());
  }
  if (header != test.expected.front() || got != want)
    BOOST_ERROR(where << ": wrong result for\n  " << test.query << "\n  expected:"
                      << joined(test.expected) << "\n  got:\n    " << header << joined(got));
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_synthetic_query_file) {
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(files_dir()))
    if (entry.path().extension() == ".test") paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  BOOST_REQUIRE(!paths.empty());
  std::size_t cases = 0;
  for (const auto& path : paths) {
    auto file = read_query_file(path);
    BOOST_REQUIRE_MESSAGE(file.ok(), (file.ok() ? std::string() : file.error().message));
    if (file->graph == "wordnet") continue;
    auto graph = load_graph(files_dir() / "graphs" / file->graph);
    for (const auto& test : file->cases) {
      check(*graph, *file, test);
      ++cases;
    }
  }
  BOOST_TEST_MESSAGE(cases << " query cases");
  BOOST_TEST(cases > 0u);
}
