#define BOOST_TEST_MODULE planner
#include "query/plan/planner.hpp"

#include <boost/test/unit_test.hpp>

#include "query/syntax/parser.hpp"

using namespace ds::query;

namespace {

QueryResult<LogicalPlan> plan_of(std::string_view text, PlanOptions options = {}) {
  auto parsed = parse(text);
  BOOST_REQUIRE_MESSAGE(parsed.ok(),
                        (parsed.ok() ? std::string() : describe(parsed.error(), text)));
  return plan_query(parsed.value(), options);
}

std::string explained(std::string_view text) {
  auto plan = plan_of(text);
  BOOST_REQUIRE_MESSAGE(plan.ok(), (plan.ok() ? std::string() : describe(plan.error(), text)));
  return explain(plan.value());
}

void check_error(std::string_view text, QueryErrc code, std::string_view part) {
  auto plan = plan_of(text);
  BOOST_REQUIRE_MESSAGE(!plan.ok(), "planned, but should not have: " << text);
  BOOST_TEST_CONTEXT(text << " -> " << plan.error().message) {
    BOOST_TEST(to_string(plan.error().code) == to_string(code));
    BOOST_TEST(plan.error().message.find(part) != std::string::npos);
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(property_maps_and_labels_go_into_the_scan) {
  auto text = explained(
      "MATCH (s:Synset {name:'dog.n.01'})-[:hypernym*1..20]->(h) RETURN DISTINCT h.name ORDER BY "
      "h.name");
  BOOST_TEST_MESSAGE(text);
  BOOST_TEST(text.find("NodeScan s:Synset {name = 'dog.n.01'}") != std::string::npos);
  BOOST_TEST(text.find("VarExpand (s)-[:hypernym*1..20]->(h)") != std::string::npos);
  BOOST_TEST(text.find("Filter") == std::string::npos);  // nothing left to filter
}

BOOST_AUTO_TEST_CASE(key_and_id_comparisons_become_lookups_and_anchor_the_pattern) {
  auto text = explained(
      "MATCH (a:Synset {pos: 'n'})-[:hypernym]->(h) WHERE key(h) = $key AND a.name <> 'x' "
      "RETURN a");
  BOOST_TEST_MESSAGE(text);
  // The lookup outranks the property equality: the pattern starts at h.
  BOOST_TEST(text.find("NodeByKey h key = $key") != std::string::npos);
  BOOST_TEST(text.find("(h)<-[:hypernym]-(a)") != std::string::npos);
  auto ids = explained("MATCH (n) WHERE id(n) IN [1, 2] RETURN n");
  BOOST_TEST(ids.find("NodeById n id IN [1, 2]") != std::string::npos, ids);
  auto correlated = explained("MATCH (n) WITH n MATCH (m) WHERE key(m) = key(n) RETURN m");
  BOOST_TEST(correlated.find("NodeByKey") == std::string::npos, correlated);  // not a value
}

BOOST_AUTO_TEST_CASE(the_pattern_starts_at_its_most_selective_node) {
  auto text =
      explained("MATCH (s:Synset)-[:hypernym]->(:Synset {name:'dog.n.01'}) RETURN count(s)");
  BOOST_TEST_MESSAGE(text);
  BOOST_TEST(text.find("NodeScan   node@") != std::string::npos);  // the anonymous end
  BOOST_TEST(text.find("Expand (  node@") != std::string::npos);
  BOOST_TEST(text.find("<-[:hypernym]-(s)") != std::string::npos);
  BOOST_TEST(text.find("Filter s:Synset") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(where_conjuncts_on_the_start_node_are_pushed_down) {
  auto text = explained(
      "MATCH (n:Person) WHERE n.age > 30 AND 'x' = n.name AND n.a + 1 = 2 "
      "RETURN n");
  BOOST_TEST_MESSAGE(text);
  BOOST_TEST(text.find("{age > 30, name = 'x'}") != std::string::npos);
  BOOST_TEST(text.find("Filter ((n.a + 1) = 2)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(limit_goes_into_the_sort) {
  auto text = explained("MATCH (n) RETURN n.name AS name ORDER BY name SKIP 2 LIMIT 3");
  BOOST_TEST(text.find("Sort name top (2 + 3)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(limit_goes_into_a_scan_when_nothing_between_drops_rows) {
  auto pushed = explained("MATCH (n:Synset) RETURN n.name SKIP 2 LIMIT 5");
  BOOST_TEST(pushed.find("NodeScan n:Synset limit (5 + 2)") != std::string::npos, pushed);
  auto filtered = explained("MATCH (n:Synset) WHERE n.a + 1 = 2 RETURN n.name LIMIT 5");
  BOOST_TEST(filtered.find("limit") == std::string::npos, filtered);
  auto sorted = explained("MATCH (n:Synset) RETURN n.name ORDER BY n.name LIMIT 5");
  BOOST_TEST(sorted.find("NodeScan n:Synset limit") == std::string::npos, sorted);
  auto expanded = explained("MATCH (n:Synset)-->(m) RETURN m LIMIT 5");
  BOOST_TEST(expanded.find("limit") == std::string::npos, expanded);
}

BOOST_AUTO_TEST_CASE(start_node_and_end_node_have_their_relationships_endpoints_loaded) {
  auto text = explained("MATCH ()-[r:KNOWS]->() RETURN startNode(r).name AS s");
  BOOST_TEST(text.find("LoadEntities r, endpoints of r") != std::string::npos, text);
  auto plain = explained("MATCH (a)-[r:KNOWS]->() RETURN a.name, r.since");
  BOOST_TEST(plain.find("endpoints") == std::string::npos, plain);
}

BOOST_AUTO_TEST_CASE(mistakes_are_semantic_errors_at_their_position) {
  using E = QueryErrc;
  check_error("MATCH (n) RETURN m", E::semantic_error, "unknown variable 'm'");
  check_error("MATCH (n) WHERE count(n) > 1 RETURN n", E::semantic_error,
              "may stand only in WITH and RETURN");
  check_error("MATCH (n) RETURN n RETURN n", E::semantic_error, "must be the last clause");
  check_error("MATCH (n) RETURN DISTINCT n.a ORDER BY n.b", E::semantic_error,
              "ORDER BY may use only what is returned");
  check_error("MATCH (n) RETURN count(*) AS c ORDER BY sum(n.a)", E::semantic_error,
              "only use aggregates the projection computes");
  check_error("MATCH (n) WITH n.name RETURN 1", E::semantic_error, "needs a name");
  check_error("MATCH (n) RETURN n.a AS x, n.b AS x", E::semantic_error, "appears twice");
  check_error("MATCH (n) RETURN count(count(n))", E::semantic_error, "another aggregate");
  check_error("MATCH (n) RETURN foo(n)", E::semantic_error, "unknown function 'foo'");
  check_error("MATCH (n) RETURN toLower(n.a, n.b)", E::semantic_error, "takes 1 argument");
  check_error("MATCH (n) RETURN n LIMIT n.x", E::semantic_error, "LIMIT takes a number");
  check_error("MATCH (n)-[*1..50]->(m) RETURN m", E::too_complex, "at most 20 hops");
  check_error("MATCH (n) WITH 1 AS x MATCH (x)-->() RETURN x", E::semantic_error, "not a node");
  check_error("MATCH (n)", E::semantic_error, "ends with RETURN");
  check_error("MATCH (n) RETURN n.name, count(*) + n.age", E::semantic_error, "not a grouping key");
  check_error("MATCH (n) CREATE (n)-[:R]-(m)", E::semantic_error, "direction");
  check_error("MATCH (n) SET m.x = 1", E::semantic_error, "unknown variable 'm'");
  check_error("MATCH p = (n)-->() SET p.x = 1", E::semantic_error, "only nodes and relationships");
  check_error("MATCH (n) MERGE (n)", E::semantic_error, "changes nothing");
}

BOOST_AUTO_TEST_CASE(writes_plan_as_operators_and_reads_after_them_wait_for_them) {
  auto text = explained(
      "MATCH (a {name: 'x'}) CREATE (a)-[r:R {w: 1}]->(b:B) WITH b MATCH (c:B) SET c.seen = true "
      "RETURN c");
  BOOST_TEST_MESSAGE(text);
  BOOST_TEST(text.find("Create (a)-[r:R {w: 1}]->(b:B)") != std::string::npos);
  BOOST_TEST(text.find("Set c.seen = true") != std::string::npos);
  // The MATCH after the CREATE reads once every row's CREATE is done.
  BOOST_TEST(text.find("Eager") < text.find("Create"));
  auto merge = explained(
      "MERGE (n:City {`~key`: 'oslo'}) ON CREATE SET n.new = true ON MATCH SET n.hits = 1");
  BOOST_TEST_MESSAGE(merge);
  BOOST_TEST(merge.find("Merge (n:City {~key: 'oslo'}) ON CREATE SET n.new = true ON MATCH SET "
                        "n.hits = 1") != std::string::npos);
  BOOST_TEST(merge.find("NodeByKey n:City key = 'oslo'") !=
             std::string::npos);  // the key is a lookup
  auto plan = plan_of("MATCH (n) DETACH DELETE n");
  BOOST_REQUIRE(plan.ok());
  BOOST_TEST(plan->writes);
  BOOST_TEST(plan->columns.empty());
  BOOST_TEST(explain(*plan).find("Delete DETACH n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_hop_bound_is_configurable) {
  PlanOptions options;
  options.max_hops = 100;
  BOOST_TEST(plan_of("MATCH (n)-[*1..50]->(m) RETURN m", options).ok());
}
