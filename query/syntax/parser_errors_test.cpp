#define BOOST_TEST_MODULE parser_errors
// What a user sees for a query the parser refuses: the code, the message and
// the position (line:column), for mistakes and for Cypher outside the subset.
#include <boost/test/unit_test.hpp>

#include "query/syntax/parser.hpp"

using namespace ds::query;

namespace {

QueryError error_of(std::string_view text, ParseOptions options = {}) {
  auto result = parse(text, options);
  BOOST_REQUIRE_MESSAGE(!result.ok(), "parsed, but should not have: " << text);
  return result.error();
}

void check(std::string_view text, QueryErrc code, std::string_view message_part, uint32_t line,
           uint32_t column) {
  auto error = error_of(text);
  BOOST_TEST_CONTEXT(text << " -> " << describe(error, text)) {
    BOOST_TEST(to_string(error.code) == to_string(code));
    BOOST_TEST(error.message.find(message_part) != std::string::npos);
    BOOST_REQUIRE(error.pos.has_value());
    BOOST_TEST(error.pos->line == line);
    BOOST_TEST(error.pos->column == column);
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(syntax_errors_say_what_was_expected_and_where) {
  using E = QueryErrc;
  check("", E::syntax_error, "the query is empty", 1, 1);
  check("MATCH (n:Synset {name: 'x' RETURN n", E::syntax_error,
        "expected '}' to close the map opened at column 17, found 'RETURN'", 1, 28);
  check("MATCH (n RETURN n", E::syntax_error,
        "expected ')' to close the node pattern opened at column 7", 1, 10);
  check("MATCH (n) RETURN", E::syntax_error, "expected an expression to RETURN, found the end", 1,
        17);
  check("MATCH (n)\nRETRUN n", E::syntax_error, "expected the next clause or the end", 2, 1);
  check("RETURN 1 +", E::syntax_error, "expected an expression, found the end of the query", 1, 11);
  check("MATCH (a)-[r:x]-(b RETURN a", E::syntax_error, "expected ')'", 1, 20);
  check("MATCH (a)-[:x*3..1]->(b) RETURN a", E::syntax_error,
        "lower bound 3 is above its upper bound 1", 1, 14);
  check("MATCH (a)-[:x:y]->(b) RETURN a", E::syntax_error, "write [:a|b]", 1, 14);
  check("RETURN {a: 1, a: 2}", E::syntax_error, "the key 'a' appears twice", 1, 15);
  check("UNWIND [1] x RETURN x", E::syntax_error, "expected AS after the list to UNWIND", 1, 12);
  check("MATCH (n) RETURN n AS", E::syntax_error, "expected a column name after AS", 1, 22);
  check("MATCH (n) RETURN n ORDER n", E::syntax_error, "expected BY after ORDER", 1, 26);
  check("MATCH (match) RETURN 1", E::syntax_error, "reserved word", 1, 8);
  check("MATCH (n) SET n.a.b = 1", E::not_supported, "nested value", 1, 18);
  check("MATCH (n) SET n", E::syntax_error, "after the variable to SET", 1, 16);
  check("MATCH (n) RETURN count(*", E::syntax_error, "expected ')'", 1, 25);
  check("OPTIONAL (n) RETURN n", E::syntax_error, "expected MATCH after OPTIONAL", 1, 10);
  check("MERGE (n) ON DELETE SET n.a = 1", E::syntax_error, "CREATE or MATCH after ON", 1, 14);
}

BOOST_AUTO_TEST_CASE(cypher_outside_the_subset_is_refused_by_name) {
  using E = QueryErrc;
  check("MATCH (n) RETURN n UNION MATCH (m) RETURN m", E::not_supported, "UNION", 1, 20);
  check("RETURN CASE WHEN 1 THEN 2 END", E::not_supported, "CASE", 1, 8);
  check("FOREACH (x IN [1] | CREATE ())", E::not_supported, "FOREACH", 1, 1);
  check("LOAD CSV FROM 'x' AS row RETURN row", E::not_supported, "LOAD CSV", 1, 1);
  check("RETURN [x IN [1, 2] | x * 2]", E::not_supported, "list comprehensions", 1, 8);
  check("RETURN [x IN [1, 2]]", E::not_supported, "list comprehensions", 1, 8);
  check("MATCH (a) WHERE (a)-[:r]->() RETURN a", E::not_supported, "pattern expressions", 1, 17);
  check("MATCH (a) WHERE (a)<--() RETURN a", E::not_supported, "pattern expressions", 1, 17);
  check("MATCH (a) RETURN [(a)-->(b) | b]", E::not_supported, "pattern expressions", 1, 19);
  check("RETURN 1 < 2 < 3", E::not_supported, "chained comparisons", 1, 14);
  check("MATCH (n) WHERE n.name =~ 'd.*' RETURN n", E::not_supported, "regular expressions", 1, 24);
  check("MATCH p = shortestPath((a)-[*]-(b)) RETURN p", E::not_supported, "shortestPath", 1, 11);
  check("MATCH (n) RETURN n {.name}", E::not_supported, "map projections", 1, 20);
  check("MATCH (n:A|B) RETURN n", E::not_supported, "label expressions", 1, 11);
  check("CREATE INDEX FOR (n:Synset) ON (n.name)", E::not_supported, "schema commands", 1, 1);
  check("CALL { MATCH (n) RETURN n } RETURN 1", E::not_supported, "CALL subqueries", 1, 6);
  check("MATCH (n) WHERE exists(n.name) RETURN n", E::not_supported, "exists()", 1, 17);
  check("MATCH (n) RETURN n; MATCH (m) RETURN m", E::not_supported, "several statements", 1, 21);
  check("SHOW DATABASES", E::not_supported, "administration commands", 1, 1);
}

BOOST_AUTO_TEST_CASE(lexer_errors_come_through_parse) {
  check("RETURN 'abc", QueryErrc::syntax_error, "never closed", 1, 8);
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_refused_before_the_stack_runs_out) {
  for (std::string open : {"(", "[", "-", "NOT ", "{a: "}) {
    std::string text = "RETURN ";
    for (int i = 0; i < 100000; ++i)
      text += open;
    text += "1";
    auto error = error_of(text);
    BOOST_TEST_CONTEXT(open) {
      BOOST_TEST(to_string(error.code) == "too_complex");
      BOOST_TEST(error.message.find("deeper than 100 levels") != std::string::npos);
    }
  }
  // A long flat chain builds a deep tree too.
  std::string chain = "RETURN 1";
  for (int i = 0; i < 100000; ++i)
    chain += " + 1";
  BOOST_TEST(to_string(error_of(chain).code) == "too_complex");
  std::string path = "RETURN n";
  for (int i = 0; i < 100000; ++i)
    path += ".a";
  BOOST_TEST(to_string(error_of(path).code) == "too_complex");
  ParseOptions shallow;
  shallow.max_depth = 3;
  BOOST_TEST(to_string(error_of("RETURN ((((1))))", shallow).code) == "too_complex");
}
