#define BOOST_TEST_MODULE text_mode
// Text mode's parts: rank fusion, spreading activation and coverage, the
// whole question over an in-memory graph, and how mode "auto" tells a
// question from Cypher.
#include <boost/test/unit_test.hpp>

#include "query/query_language.hpp"
#include "query/testing/memory_graph.hpp"
#include "query/text/answer_output.hpp"
#include "query/text/answer_ranking.hpp"
#include "query/text/question.hpp"
#include "query/text/rank_fusion.hpp"

using namespace ds::query;
using namespace ds::query::text;
using ds::query::testing::MemoryGraph;

namespace {

ScoredNode scored(ds::storage::EntityId id, std::string key) {
  return {ds::storage::Node{id, std::move(key), {}, {}}, 0};
}

FusedHit seed(ds::storage::EntityId id, double score) {
  return {ds::storage::Node{id, "k" + std::to_string(id), {}, {}}, score, {}};
}

std::shared_ptr<const ds::storage::NodeText> gloss_text() {
  auto created = ds::storage::NodeText::create({{"name", "gloss"}, {}});
  BOOST_REQUIRE(bool(created));
  return std::shared_ptr<const ds::storage::NodeText>(std::move(created).value());
}

/// A small taxonomy where the answer ("dog") matches only part of the
/// question itself and the rest through its neighbour.
MemoryGraph animals() {
  MemoryGraph g;
  auto node = [&](std::string key, std::string gloss) {
    g.put_node({key, {"Synset"}, {{"name", ds::Value{key}}, {"gloss", ds::Value{gloss}}}});
  };
  node("domestic_animal", "any domestic animal tamed for a human environment");
  node("dog", "a domesticated canine that barks");
  node("cat", "a small domesticated feline");
  node("stray", "a domestic animal that has strayed");
  node("seal", "a marine animal that barks");
  node("tree", "a tall plant with bark");
  g.put_edge({"dog", "hypernym", "domestic_animal", {}});
  g.put_edge({"cat", "hypernym", "domestic_animal", {}});
  return g;
}

TextAnswer ask(MemoryGraph& g, std::string question, std::size_t limit = 10) {
  std::optional<QueryResult<TextAnswer>> result;
  answer_question(std::move(question), limit, {}, gloss_text(), g,
                  [&](QueryResult<TextAnswer> r) { result = std::move(r); });
  BOOST_REQUIRE(result.has_value());
  if (!*result) BOOST_FAIL(result->error().message);
  return std::move(*result).value();
}

std::vector<std::string> keys(const TextAnswer& answer) {
  std::vector<std::string> out;
  for (const auto& entity : answer.entities)
    out.push_back(entity.node.key);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(fusion_sums_reciprocal_ranks_and_keeps_where_each_ranked) {
  std::vector<std::vector<ScoredNode>> rankings = {
      {scored(1, "a"), scored(2, "b"), scored(3, "c")},
      {scored(3, "c"), scored(4, "d")},
  };
  auto fused = fuse_ranks(rankings, 60);
  BOOST_REQUIRE_EQUAL(fused.size(), 4u);
  BOOST_TEST(fused[0].node.key == "c");  // 1/63 + 1/61 beats 1/61 alone
  BOOST_TEST(fused[0].score == 1.0 / 63 + 1.0 / 61, boost::test_tools::tolerance(1e-12));
  BOOST_TEST((fused[0].ranks == std::vector<uint32_t>{3, 1}));
  BOOST_TEST(fused[1].node.key == "a");  // 1/61
  BOOST_TEST(fused[2].node.key == "b");  // 1/62, tied with d's: by key
  BOOST_TEST(fused[3].node.key == "d");
  BOOST_TEST((fused[3].ranks == std::vector<uint32_t>{0, 2}));
}

BOOST_AUTO_TEST_CASE(a_neighbour_of_several_seeds_gathers_their_scores_once_each) {
  std::vector<FusedHit> seeds = {seed(1, 0.4), seed(2, 0.2)};
  std::vector<ReachedEdge> edges = {
      {1, 9, "hypernym", true}, {1, 9, "related", false},  // two relations, one seed
      {2, 9, "hypernym", true}, {2, 1, "similar", true},
  };
  auto candidates = spread_activation(seeds, edges, 0.5);
  BOOST_REQUIRE_EQUAL(candidates.size(), 3u);
  BOOST_TEST(candidates[0].id == 1u);  // 0.4 + 0.5 * 0.2
  BOOST_TEST(candidates[0].activation == 0.5, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(candidates[1].id == 9u);  // 0.5 * (0.4 + 0.2)
  BOOST_TEST(candidates[1].activation == 0.3, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(candidates[1].links.size() == 3u);
  BOOST_TEST(candidates[2].id == 2u);
}

BOOST_AUTO_TEST_CASE(coverage_counts_a_neighbours_terms_at_half) {
  BOOST_TEST(coverage_weight(3, 0, 3) == 1.0);
  BOOST_TEST(coverage_weight(2, 1, 3) == (2.5 / 3) * (2.5 / 3), boost::test_tools::tolerance(1e-12));
  BOOST_TEST(coverage_weight(0, 0, 0) == 0.0);
}

BOOST_AUTO_TEST_CASE(the_entity_that_answers_all_of_the_question_ranks_above_partial_matches) {
  auto g = animals();
  auto answer = ask(g, "domestic animal that barks");
  BOOST_TEST((answer.terms == std::vector<std::string>{"animal", "barks", "domestic"}));
  BOOST_TEST((answer.retrievers == std::vector<std::string>{"bm25"}));  // no text space here
  auto ranked = keys(answer);
  auto dog = std::find(ranked.begin(), ranked.end(), "dog");
  auto seal = std::find(ranked.begin(), ranked.end(), "seal");
  auto cat = std::find(ranked.begin(), ranked.end(), "cat");
  BOOST_REQUIRE(dog != ranked.end());
  BOOST_TEST((dog - ranked.begin() < 2));
  BOOST_TEST((seal == ranked.end() || seal > dog));
  BOOST_TEST((cat == ranked.end() || cat > dog));
  const auto& entity = answer.entities[static_cast<std::size_t>(dog - ranked.begin())];
  BOOST_TEST((entity.matched_terms == std::vector<std::string>{"barks", "domestic"}));
  BOOST_REQUIRE_EQUAL(entity.evidence.size(), 1u);
  BOOST_TEST(entity.evidence[0].type == "hypernym");
  BOOST_TEST(entity.evidence[0].outgoing);
  BOOST_TEST(entity.evidence[0].hit.key == "domestic_animal");
}

BOOST_AUTO_TEST_CASE(the_limit_bounds_the_entities_and_stop_words_find_nothing) {
  auto g = animals();
  BOOST_TEST(ask(g, "domestic animal", 2).entities.size() == 2u);
  auto empty = ask(g, "what is the");
  BOOST_TEST(empty.terms.empty());
  BOOST_TEST(empty.entities.empty());
}

BOOST_AUTO_TEST_CASE(rows_carry_the_node_score_words_and_evidence_paths) {
  auto g = animals();
  auto answer = ask(g, "domestic animal that barks");
  auto rows = answer_rows(answer);
  BOOST_TEST((rows.columns ==
              std::vector<std::string>{"entity", "score", "matched_terms", "evidence"}));
  BOOST_REQUIRE_EQUAL(rows.rows.size(), answer.entities.size());
  auto json = answer_json(answer);
  bool found = false;
  for (const auto& entity : json["entities"])
    if (entity["key"] == "dog") {
      found = true;
      BOOST_TEST(entity["evidence"][0]["path"] == "(dog)-[:hypernym]->(domestic_animal)");
    }
  BOOST_TEST(found);
}

BOOST_AUTO_TEST_CASE(auto_mode_tells_questions_from_cypher) {
  ParseOptions options;
  auto is = [&](std::string_view text) { return detect_language(text, options); };
  BOOST_TEST((is("MATCH (n) RETURN n") == QueryLanguage::cypher));
  BOOST_TEST((is("  return 1") == QueryLanguage::cypher));
  BOOST_TEST((is("MATCH (n RETURN n") == QueryLanguage::cypher));  // mistyped: its syntax error
  BOOST_TEST((is("RETURN 1 +") == QueryLanguage::cypher));
  BOOST_TEST((is("domestic animal that barks") == QueryLanguage::text));
  BOOST_TEST((is("show me animals that bark") == QueryLanguage::text));
  BOOST_TEST((is("with which tools do you cut wood") == QueryLanguage::text));
}
