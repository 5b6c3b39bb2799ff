#define BOOST_TEST_MODULE actors_gateway_query
// Queries through the gateway and its query engine over three real graph
// shards (RocksDB stores in a temporary directory): the synthetic .test
// files of tests/queries again, now with scans, expansions and lookups going
// to the shards as messages; and the shape of failures.
#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "actors/gateway/gateway_fixture.hpp"
#include "protocol/caf_error.hpp"
#include "protocol/codec/node_codec.hpp"
#include "protocol/wire/build.hpp"
#include "query/datum.hpp"
#include "query/testing/query_file.hpp"
#include "schema/gateway.capnp.h"
#include "schema/query.capnp.h"
#include "schema/text.hpp"
#include "schema/value_codec.hpp"
#include "storage/import/csv_source.hpp"
#include "storage/text/tokenizer.hpp"

using namespace ds;
using namespace ds::actors;
namespace fs = std::filesystem;

namespace {

fs::path files_dir() {
  const char* dir = std::getenv("DS_QUERY_FILES");
  BOOST_REQUIRE_MESSAGE(dir, "set DS_QUERY_FILES to tests/queries");
  return dir;
}

struct InferReply {
  std::vector<std::string> columns;
  nlohmann::json rows;
  bool failed = false;
  std::string code;
  std::string message;
  uint32_t line = 0;
  uint32_t column = 0;
  std::string excerpt;
  std::string plan;
  bool truncated = false;
};

struct Fixture : ShardedGateway {
  // The synthetic graphs' text is in `name`.
  Fixture()
      : ShardedGateway({3,
                        false,
                        [](GatewayOptions& o) {
                          o.tokenizer = std::move(storage::Tokenizer::create()).value();
                        },
                        {"name"}}) {}

  void import_csv(const fs::path& dir) {
    std::vector<fs::path> csvs;
    for (const auto& entry : fs::directory_iterator(dir))
      if (entry.path().extension() == ".csv") csvs.push_back(entry.path());
    std::sort(csvs.begin(), csvs.end());
    auto source = storage::open_csv(csvs);
    BOOST_REQUIRE(source.ok());
    while (true) {
      auto batch = (*source)->next(1000);
      BOOST_REQUIRE(batch.ok());
      if (!*batch) return;
      const auto& items = **batch;
      auto reply =
          call(import_atom::value,
               wire::build<schema::ImportRequest>([&](schema::ImportRequest::Builder r) {
                 auto nodes = r.initNodes(static_cast<unsigned>(items.nodes.size()));
                 for (unsigned i = 0; i < items.nodes.size(); ++i)
                   protocol::write_node_upsert(nodes[i], items.nodes[i].key, items.nodes[i].labels,
                                               items.nodes[i].properties);
                 auto edges = r.initEdges(static_cast<unsigned>(items.edges.size()));
                 for (unsigned i = 0; i < items.edges.size(); ++i) {
                   const auto& edge = items.edges[i];
                   edges[i].setSrc(edge.src);
                   edges[i].setType(edge.type);
                   edges[i].setDst(edge.dst);
                   schema::write_properties(
                       edges[i].initProperties(static_cast<unsigned>(edge.properties.size())),
                       edge.properties);
                 }
               }));
      BOOST_REQUIRE_MESSAGE(reply.ok(), (reply.ok() ? std::string() : reply.error().message));
    }
  }

  InferReply infer(const std::string& query, const std::string& params = "", uint64_t limit = 0) {
    auto reply = call(infer_atom::value,
                      wire::build<schema::InferRequest>([&](schema::InferRequest::Builder r) {
                        r.setQuery(query);
                        r.setParamsJson(params);
                        r.setLimit(limit);
                      }));
    BOOST_REQUIRE_MESSAGE(reply.ok(), (reply.ok() ? std::string() : reply.error().message));
    return *wire::read<schema::InferResponse>(*reply, [](schema::InferResponse::Reader r) {
      InferReply out;
      for (auto column : r.getColumns())
        out.columns.push_back(schema::to_string(column));
      out.rows = nlohmann::json::parse(schema::to_string(r.getRowsJson()).empty()
                                           ? std::string("[]")
                                           : schema::to_string(r.getRowsJson()));
      out.failed = r.getFailed();
      auto failure = r.getFailure();
      out.code = schema::to_string(failure.getCode());
      out.message = schema::to_string(failure.getMessage());
      out.line = failure.getLine();
      out.column = failure.getColumn();
      out.excerpt = schema::to_string(failure.getExcerpt());
      out.plan = schema::to_string(r.getPlan());
      out.truncated = r.getTruncated();
      return out;
    });
  }
};

/// A JSON result value as the .test files print values (query::to_display).
std::string display(const nlohmann::json& value) {
  if (value.is_null()) return "null";
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
  if (value.is_number_float()) return query::to_display(query::Datum{value.get<double>()});
  if (value.is_string()) return "'" + value.get<std::string>() + "'";
  if (value.is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < value.size(); ++i)
      out += (i ? ", " : "") + display(value[i]);
    return out + "]";
  }
  if (value.contains("labels")) {  // a node
    std::string out = "(" + value["key"].get<std::string>();
    for (const auto& label : value["labels"])
      out += ":" + label.get<std::string>();
    return out + ")";
  }
  if (value.contains("type") && value.contains("start"))
    return "[:" + value["type"].get<std::string>() + "]";
  std::string out = "{";
  bool first = true;
  for (const auto& [key, item] : value.items()) {
    out += (first ? "" : ", ") + key + ": " + display(item);
    first = false;
  }
  return out + "}";
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_synthetic_query_files_pass_over_real_shards) {
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(files_dir()))
    if (entry.path().extension() == ".test") paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  std::size_t cases = 0;
  for (const auto& path : paths) {
    auto file = query::testing::read_query_file(path);
    BOOST_REQUIRE(file.ok());
    if (file->graph == "wordnet") continue;
    Fixture fixture;
    fixture.import_csv(files_dir() / "graphs" / file->graph);
    for (const auto& test : file->cases) {
      ++cases;
      auto where = path.filename().string() + ":" + std::to_string(test.line);
      auto reply = fixture.infer(test.query, test.params);
      if (test.expect_error) {
        auto want = test.expected.front();
        auto got = reply.code + ": " + reply.message;
        BOOST_TEST(reply.failed, where);
        BOOST_TEST((want.substr(0, want.find(": ")) == reply.code), where << ": " << got);
        BOOST_TEST(reply.message.find(want.substr(want.find(": ") + 2)) != std::string::npos,
                   where << ": " << got);
        continue;
      }
      BOOST_REQUIRE_MESSAGE(!reply.failed, where << ": " << reply.code << ": " << reply.message);
      std::string header;
      for (std::size_t i = 0; i < reply.columns.size(); ++i)
        header += (i ? " | " : "") + reply.columns[i];
      std::vector<std::string> got;
      for (const auto& row : reply.rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i)
          line += (i ? " | " : "") + display(row[i]);
        got.push_back(line);
      }
      std::vector<std::string> want(test.expected.begin() + 1, test.expected.end());
      if (!test.ordered) {
        std::sort(got.begin(), got.end());
        std::sort(want.begin(), want.end());
      }
      BOOST_TEST(header == test.expected.front(), where);
      BOOST_TEST(got == want, where << ": " << test.query);
    }
  }
  BOOST_TEST(cases > 50u);
}

BOOST_AUTO_TEST_CASE(a_refused_query_says_what_and_where) {
  Fixture fixture;
  auto reply = fixture.infer("MATCH (n:Person {name: 'x' RETURN n");
  BOOST_TEST(reply.failed);
  BOOST_TEST(reply.code == "syntax_error");
  BOOST_TEST(reply.line == 1u);
  BOOST_TEST(reply.column == 28u);
  BOOST_TEST(reply.excerpt.find('^') != std::string::npos);
  auto params = fixture.infer("RETURN $x", "[1, 2]");
  BOOST_TEST(params.failed);
  BOOST_TEST(params.code == "parameter_error");
}

BOOST_AUTO_TEST_CASE(explain_plans_without_running_and_limit_truncates) {
  Fixture fixture;
  fixture.import_csv(files_dir() / "graphs" / "people");
  auto explained = fixture.infer("EXPLAIN MATCH (p:Person {name: 'Alice'}) RETURN p.age");
  BOOST_TEST(!explained.failed);
  BOOST_TEST(explained.rows.empty());
  BOOST_TEST(explained.plan.find("NodeScan p:Person {name = 'Alice'}") != std::string::npos);
  auto limited = fixture.infer("MATCH (p:Person) RETURN p.name", "", 2);
  BOOST_TEST(limited.rows.size() == 2u);
  BOOST_TEST(limited.truncated);
  auto whole = fixture.infer("MATCH (p:Person) RETURN p.name", "", 5);
  BOOST_TEST(whole.rows.size() == 5u);
  BOOST_TEST(!whole.truncated);
}

BOOST_AUTO_TEST_CASE(of_two_creates_of_one_key_at_once_the_second_to_commit_is_refused) {
  Fixture fixture;
  // Both queries are in before either runs: each finds the key free, and
  // the shard that owns it refuses the second commit rather than let it
  // overwrite the first's node.
  auto create = [&](int v) {
    return fixture.self->request(
        fixture.gateway, caf::infinite, infer_atom::value,
        wire::build<schema::InferRequest>([&](schema::InferRequest::Builder r) {
          r.setQuery("CREATE (:T {`~key`: 'k', v: " + std::to_string(v) + "})");
        }));
  };
  auto first = create(1), second = create(2);
  fixture.sched.run();
  std::vector<std::string> refusals;
  for (auto* handle : {&first, &second})
    handle->receive(
        [&](wire::Envelope& reply) {
          auto read =
              wire::read<schema::InferResponse>(reply, [&](schema::InferResponse::Reader r) {
                if (r.getFailed())
                  refusals.push_back(schema::to_string(r.getFailure().getMessage()));
              });
          BOOST_TEST(read.ok());
        },
        [&](caf::error& error) { BOOST_FAIL(protocol::from_caf(error).message); });
  BOOST_REQUIRE(refusals.size() == 1u);
  BOOST_TEST(refusals[0].find("another query made one meanwhile") != std::string::npos,
             refusals[0]);
  auto nodes = fixture.infer("MATCH (n:T) RETURN n.v");
  BOOST_TEST(nodes.rows.size() == 1u);
}
