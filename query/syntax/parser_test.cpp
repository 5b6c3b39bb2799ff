#define BOOST_TEST_MODULE parser
#include "query/syntax/parser.hpp"

#include <boost/test/unit_test.hpp>

#include "query/syntax/ast_format.hpp"

using namespace ds::query;

namespace {

ast::Query parsed(std::string_view text) {
  auto result = parse(text);
  BOOST_REQUIRE_MESSAGE(result.ok(),
                        (result.ok() ? std::string() : describe(result.error(), text)));
  return std::move(result).value();
}

/// The query as the formatter writes it back.
std::string normal(std::string_view text) { return ast::to_cypher(parsed(text)); }

/// The expression of `RETURN <expr>`, written back fully parenthesized.
std::string expr(std::string_view text) {
  auto query = parsed("RETURN " + std::string(text));
  return ast::to_cypher(*std::get<ast::Return>(query.clauses[0].body).projection.items[0].expr);
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_issue_queries_parse) {
  BOOST_TEST(normal("MATCH (s:Synset {name:'dog.n.01'})-[:hypernym*1..20]->(h) "
                    "RETURN DISTINCT h.name ORDER BY h.name") ==
             "MATCH (s:Synset {name: 'dog.n.01'})-[:hypernym*1..20]->(h) "
             "RETURN DISTINCT h.name ORDER BY h.name");
  BOOST_TEST(normal("MATCH (s:Synset)-[:hypernym]->(:Synset {name:'dog.n.01'}) RETURN count(s)") ==
             "MATCH (s:Synset)-[:hypernym]->(:Synset {name: 'dog.n.01'}) RETURN count(s)");
}

BOOST_AUTO_TEST_CASE(precedence_follows_opencypher) {
  BOOST_TEST(expr("1 + 2 * 3") == "(1 + (2 * 3))");
  BOOST_TEST(expr("1 - 2 - 3") == "((1 - 2) - 3)");
  BOOST_TEST(expr("2 ^ 3 ^ 2") == "((2 ^ 3) ^ 2)");
  BOOST_TEST(expr("-2 ^ 2") == "(-2 ^ 2)");
  BOOST_TEST(expr("a OR b XOR c AND NOT d") == "(a OR (b XOR (c AND (NOT d))))");
  BOOST_TEST(expr("NOT a = b") == "(NOT (a = b))");
  BOOST_TEST(expr("a + 1 IN [1, 2] = true") == "(((a + 1) IN [1, 2]) = true)");
  BOOST_TEST(expr("x IS NULL OR y IS NOT NULL") == "((x IS NULL) OR (y IS NOT NULL))");
  BOOST_TEST(expr("n.name STARTS WITH 'do' AND n.name ENDS WITH 'g' AND n.gloss CONTAINS 'x'") ==
             "(((n.name STARTS WITH 'do') AND (n.name ENDS WITH 'g')) AND "
             "(n.gloss CONTAINS 'x'))");
  BOOST_TEST(expr("a < -1") == "(a < -1)");
  BOOST_TEST(expr("- x") == "(-x)");
  BOOST_TEST(expr("--1") == "1");
}

BOOST_AUTO_TEST_CASE(literals_lists_maps_and_access) {
  BOOST_TEST(expr("[1, 2.5, 'a', true, false, null, []]") ==
             "[1, 2.5, 'a', true, false, null, []]");
  BOOST_TEST(expr("{a: 1, `b c`: [2], type: 3}") == "{a: 1, `b c`: [2], type: 3}");
  BOOST_TEST(expr("n.lemmas[0]") == "n.lemmas[0]");
  BOOST_TEST(expr("l[1..3]") == "l[1..3]");
  BOOST_TEST(expr("l[..-1]") == "l[..-1]");
  BOOST_TEST(expr("l[2..]") == "l[2..]");
  BOOST_TEST(expr("n.a.b") == "n.a.b");
  BOOST_TEST(expr("n.count") == "n.count");  // keywords are fine as keys
  BOOST_TEST(expr("$p") == "$p");
  BOOST_TEST(expr("n:Synset:Noun") == "n:Synset:Noun");
  BOOST_TEST(expr("'it\\'s'") == "'it\\'s'");
}

BOOST_AUTO_TEST_CASE(functions_and_aggregates) {
  BOOST_TEST(expr("count(*)") == "count(*)");
  BOOST_TEST(expr("COUNT(DISTINCT n.pos)") == "COUNT(DISTINCT n.pos)");
  BOOST_TEST(expr("coalesce(n.a, n.b, 'x')") == "coalesce(n.a, n.b, 'x')");
  BOOST_TEST(expr("toLower(n.name)") == "toLower(n.name)");
  BOOST_TEST(expr("size([])") == "size([])");
  auto query = parsed("RETURN count(DISTINCT x)");
  const auto& call = *std::get<ast::Return>(query.clauses[0].body).projection.items[0].expr;
  BOOST_TEST(call.distinct);
  BOOST_TEST(call.name == "count");
}

BOOST_AUTO_TEST_CASE(patterns_in_every_direction_and_length) {
  BOOST_TEST(normal("MATCH (a)-->(b)<--(c)--(d) RETURN a") ==
             "MATCH (a)-->(b)<--(c)--(d) RETURN a");
  BOOST_TEST(normal("MATCH (a)-[r:x|y]-(b) RETURN r") == "MATCH (a)-[r:x|y]-(b) RETURN r");
  BOOST_TEST(normal("MATCH (a)-[:x|:y]->(b) RETURN b") == "MATCH (a)-[:x|y]->(b) RETURN b");
  BOOST_TEST(normal("MATCH (a)-[*]->(b) RETURN b") == "MATCH (a)-[*]->(b) RETURN b");
  BOOST_TEST(normal("MATCH (a)-[*3]->(b) RETURN b") == "MATCH (a)-[*3]->(b) RETURN b");
  BOOST_TEST(normal("MATCH (a)-[*2..]->(b) RETURN b") == "MATCH (a)-[*2..]->(b) RETURN b");
  BOOST_TEST(normal("MATCH (a)-[*..4]->(b) RETURN b") == "MATCH (a)-[*..4]->(b) RETURN b");
  BOOST_TEST(normal("MATCH p = (a)-[:r {w: 1}]->(b:B:C $props) RETURN p") ==
             "MATCH p = (a)-[:r {w: 1}]->(b:B:C $props) RETURN p");

  auto query = parsed("MATCH (a)<-[r:t*1..2]-(b) RETURN a");
  const auto& match = std::get<ast::Match>(query.clauses[0].body);
  const auto& rel = match.patterns[0].steps[0].rel;
  BOOST_TEST((rel.direction == ast::RelDirection::left));
  BOOST_TEST(rel.variable == "r");
  BOOST_TEST(*rel.length->min == 1);
  BOOST_TEST(*rel.length->max == 2);
  auto star = parsed("MATCH (a)-[*]->(b) RETURN a");
  const auto& open = std::get<ast::Match>(star.clauses[0].body).patterns[0].steps[0].rel.length;
  BOOST_TEST(!open->min.has_value());
  BOOST_TEST(!open->max.has_value());
}

BOOST_AUTO_TEST_CASE(projections) {
  BOOST_TEST(normal("MATCH (n) WITH n, n.name AS name WHERE name <> 'x' "
                    "RETURN name AS n, count(*) AS c ORDER BY c DESC, n ASC SKIP 5 LIMIT 10") ==
             "MATCH (n) WITH n, n.name AS name WHERE (name <> 'x') "
             "RETURN name AS n, count(*) AS c ORDER BY c DESC, n SKIP 5 LIMIT 10");
  BOOST_TEST(normal("MATCH (n) RETURN *") == "MATCH (n) RETURN *");
  BOOST_TEST(normal("MATCH (n) RETURN *, 1 AS one") == "MATCH (n) RETURN *, 1 AS one");
  BOOST_TEST(normal("UNWIND [1, 2] AS x RETURN x") == "UNWIND [1, 2] AS x RETURN x");
}

BOOST_AUTO_TEST_CASE(a_column_keeps_the_text_it_was_written_as) {
  auto query = parsed("MATCH (h) RETURN h.name,count( h ) ,  toLower(h.name)AS low");
  const auto& items = std::get<ast::Return>(query.clauses[1].body).projection.items;
  BOOST_TEST(items[0].text == "h.name");
  BOOST_TEST(items[1].text == "count( h )");
  BOOST_TEST(items[2].text == "toLower(h.name)");
  BOOST_TEST(items[2].alias == "low");
}

BOOST_AUTO_TEST_CASE(write_clauses) {
  BOOST_TEST(normal("CREATE (a:Person {name: 'Ann'})-[:knows]->(b:Person {name: $b})") ==
             "CREATE (a:Person {name: 'Ann'})-[:knows]->(b:Person {name: $b})");
  BOOST_TEST(normal("MERGE (n:City {name: 'Oslo'}) ON CREATE SET n.created = 1 "
                    "ON MATCH SET n.seen = n.seen + 1, n:Visited") ==
             "MERGE (n:City {name: 'Oslo'}) ON CREATE SET n.created = 1 "
             "ON MATCH SET n.seen = (n.seen + 1), n:Visited");
  BOOST_TEST(normal("MATCH (n) SET n.a = 1, n = {b: 2}, n += {c: 3}, n:L:M") ==
             "MATCH (n) SET n.a = 1, n = {b: 2}, n += {c: 3}, n:L:M");
  BOOST_TEST(normal("MATCH (n) REMOVE n.a, n:L") == "MATCH (n) REMOVE n.a, n:L");
  BOOST_TEST(normal("MATCH (n)-[r]->() DELETE r") == "MATCH (n)-[r]->() DELETE r");
  BOOST_TEST(normal("MATCH (n) DETACH DELETE n") == "MATCH (n) DETACH DELETE n");
}

BOOST_AUTO_TEST_CASE(procedures_compose_with_match) {
  BOOST_TEST(normal("CALL db.index.vector.queryNodes('text', 10, 'a barking dog') "
                    "YIELD node, score WHERE score > 0.5 "
                    "MATCH (node)-[:hypernym]->(h) RETURN h.name, score") ==
             "CALL db.index.vector.queryNodes('text', 10, 'a barking dog') "
             "YIELD node, score WHERE (score > 0.5) "
             "MATCH (node)-[:hypernym]->(h) RETURN h.name, score");
  BOOST_TEST(normal("CALL kg.similar(n, 5, 'text') YIELD node AS other RETURN other") ==
             "CALL kg.similar(n, 5, 'text') YIELD node AS other RETURN other");
  auto standalone = parsed("CALL db.index.fulltext.queryNodes('gloss', 'dog')");
  BOOST_TEST(std::get<ast::Call>(standalone.clauses[0].body).yield_all);
}

BOOST_AUTO_TEST_CASE(explain_profile_and_a_trailing_semicolon) {
  BOOST_TEST((parsed("EXPLAIN MATCH (n) RETURN n").mode == ast::QueryMode::explain));
  BOOST_TEST((parsed("profile MATCH (n) RETURN n;").mode == ast::QueryMode::profile));
  BOOST_TEST((parsed("match (n) return n").mode == ast::QueryMode::run));
}

BOOST_AUTO_TEST_CASE(keywords_as_labels_types_keys_and_quoted_variables) {
  BOOST_TEST(normal("MATCH (n:Match)-[:Return]->(`match`) RETURN `match`.type") ==
             "MATCH (n:Match)-[:Return]->(`match`) RETURN `match`.type");
}

BOOST_AUTO_TEST_CASE(positions_point_at_the_source) {
  auto query = parsed("MATCH (a)\n  -[r:x]->(b)\nRETURN b.name");
  const auto& match = std::get<ast::Match>(query.clauses[0].body);
  BOOST_TEST(match.patterns[0].steps[0].rel.pos.line == 2u);
  BOOST_TEST(match.patterns[0].steps[0].rel.pos.column == 3u);
  BOOST_TEST(query.clauses[1].pos.line == 3u);
}

BOOST_AUTO_TEST_CASE(nesting_within_the_limit_parses) {
  std::string deep(90, '(');
  deep += "1";
  deep += std::string(90, ')');
  BOOST_TEST(expr(deep) == "1");
  std::string chain = "1";
  for (int i = 0; i < 80; ++i)
    chain += " + 1";
  BOOST_TEST(parse("RETURN " + chain).ok());
}
