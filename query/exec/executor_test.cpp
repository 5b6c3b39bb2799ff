#define BOOST_TEST_MODULE executor
// The executor's promises beyond query semantics (those are the .test
// files): frontier batching, the intermediate-row limit, the deadline.
#include "query/exec/executor.hpp"

#include <boost/test/unit_test.hpp>

#include "query/run_query.hpp"
#include "query/testing/memory_graph.hpp"

using namespace ds::query;
using ds::query::testing::MemoryGraph;

namespace {

/// A chain a0 -> a1 -> ... -> a{n-1} and a star hub -> s0..s{m-1}.
MemoryGraph graph(int chain, int star) {
  MemoryGraph g;
  for (int i = 0; i < chain; ++i)
    g.put_node({"a" + std::to_string(i), {"A"}, {{"n", ds::Value{i}}}});
  for (int i = 0; i + 1 < chain; ++i)
    g.put_edge({"a" + std::to_string(i), "next", "a" + std::to_string(i + 1), {}});
  g.put_node({"hub", {"Hub"}, {}});
  for (int i = 0; i < star; ++i)
    g.put_edge({"hub", "spoke", "s" + std::to_string(i), {}});
  return g;
}

QueryResult<QueryResponse> run(MemoryGraph& g, std::string_view text, QueryOptions options = {}) {
  std::optional<QueryResult<QueryResponse>> result;
  run_query(text, {}, g, options, [&](QueryResult<QueryResponse> r) { result = std::move(r); });
  BOOST_REQUIRE(result.has_value());
  return std::move(*result);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_hop_over_a_whole_chunk_is_one_expansion) {
  auto g = graph(300, 0);
  auto result = run(g, "MATCH (a:A)-[:next]->(b)-[:next]->(c) RETURN count(*) AS n");
  BOOST_REQUIRE(result.ok());
  BOOST_TEST(std::get<int64_t>(result->output.rows[0][0].data) == 298);
  BOOST_TEST(g.expand_calls() == 2u);  // 300 rows fit one chunk: one request per hop
}

BOOST_AUTO_TEST_CASE(variable_length_expands_a_depth_at_a_time) {
  auto g = graph(30, 0);
  auto result = run(g, "MATCH (a:A {n: 0})-[:next*1..10]->(b) RETURN count(b) AS n");
  BOOST_REQUIRE(result.ok());
  BOOST_TEST(std::get<int64_t>(result->output.rows[0][0].data) == 10);
  BOOST_TEST(g.expand_calls() == 10u);
}

BOOST_AUTO_TEST_CASE(an_operator_holding_too_many_rows_fails_the_query) {
  auto g = graph(0, 200);
  QueryOptions options;
  options.exec.max_intermediate_rows = 1000;
  auto result = run(g, "MATCH (h:Hub)-->(x), (h)-->(y) RETURN count(*)", options);
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST(to_string(result.error().code) == "too_complex");
  BOOST_TEST(result.error().message.find("more than 1000 rows") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_query_past_its_deadline_fails_with_a_timeout) {
  auto g = graph(3, 0);
  QueryOptions options;
  options.exec.deadline = std::chrono::steady_clock::now() - std::chrono::milliseconds(1);
  auto result = run(g, "UNWIND range(1, 1000000) AS x RETURN count(*)", options);
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST(result.error().message.find("deadline") != std::string::npos);
  BOOST_TEST((category(result.error()) == ds::errc::timeout));
  options.exec.deadline = std::chrono::steady_clock::now() + std::chrono::hours(1);
  BOOST_TEST(run(g, "UNWIND range(1, 1000) AS x RETURN count(*)", options).ok());
}

BOOST_AUTO_TEST_CASE(kg_similar_finds_the_nearest_other_nodes_by_the_nodes_own_vector) {
  MemoryGraph g;
  auto vec = [](double x, double y) {
    return ds::Value{ds::Value::List{ds::Value{x}, ds::Value{y}}};
  };
  g.put_node({"a", {"P"}, {{"name", ds::Value{std::string("a")}}, {"emb", vec(1, 0)}}});
  g.put_node({"b", {"P"}, {{"name", ds::Value{std::string("b")}}, {"emb", vec(0.9, 0.1)}}});
  g.put_node({"c", {"P"}, {{"name", ds::Value{std::string("c")}}, {"emb", vec(0, 1)}}});
  g.put_node({"d", {"P"}, {{"name", ds::Value{std::string("d")}}}});  // no vector
  auto result = run(g,
                    "MATCH (a:P {name: 'a'}) CALL kg.similar(a, 2, 'emb') YIELD node, score "
                    "RETURN node.name AS name");
  BOOST_REQUIRE(result.ok());
  const auto& rows = result->output.rows;
  BOOST_REQUIRE_EQUAL(rows.size(), 2u);  // itself left out
  BOOST_TEST(*rows[0][0].get<std::string>() == "b");
  BOOST_TEST(*rows[1][0].get<std::string>() == "c");
  auto none = run(g, "MATCH (d:P {name: 'd'}) CALL kg.similar(d, 2, 'emb') YIELD node RETURN node");
  BOOST_REQUIRE(none.ok());
  BOOST_TEST(none->output.rows.empty());  // no vector: no similar nodes
}
