#define BOOST_TEST_MODULE actors_gateway_text
// The gateway's full-text search over real graph shards (RocksDB stores in a
// temporary directory), on the deterministic scheduler: documents are
// indexed as nodes are written, and scores do not depend on the shard count.
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <boost/test/unit_test.hpp>
#include <caf/exit_reason.hpp>

#include "actors/gateway/gateway.hpp"
#include "actors/gateway/gateway_fixture.hpp"
#include "common/testing/temp_dir.hpp"
#include "protocol/caf_error.hpp"
#include "protocol/wire/build.hpp"
#include "runtime/testing/deterministic_system.hpp"
#include "schema/gateway.capnp.h"
#include "schema/text.hpp"
#include "schema/value_codec.hpp"

using namespace ds;
using namespace ds::actors;

namespace {

using Hits = std::vector<std::pair<std::string, double>>;

struct Doc {
  std::string key;
  std::string gloss;
};

/// Graph shards (with the default text properties: lemmas, gloss) and a gateway.
struct Fixture : ShardedGateway {
  explicit Fixture(uint32_t shards = 3)
      : ShardedGateway({shards, false, [](GatewayOptions& o) {
                          o.max_k = 500;
                          o.tokenizer = std::move(storage::Tokenizer::create()).value();
                        }}) {}

  void import(const std::vector<Doc>& docs) {
    auto reply = call(import_atom::value, wire::build<schema::ImportRequest>([&](auto r) {
                        auto list = r.initNodes(static_cast<unsigned>(docs.size()));
                        for (unsigned i = 0; i < docs.size(); ++i) {
                          list[i].setKey(docs[i].key);
                          schema::write_properties(list[i].initProperties(2),
                                                   {{"gloss", docs[i].gloss}, {"pos", "n"}});
                        }
                      }));
    BOOST_REQUIRE_MESSAGE(reply.ok(), (reply.ok() ? "" : reply.error().message));
  }

  Result<std::pair<std::vector<std::string>, Hits>> search(const std::string& query, uint32_t k) {
    auto reply = call(text_search_atom::value, wire::build<schema::TextQuery>([&](auto r) {
                        r.setQuery(query);
                        r.setK(k);
                      }));
    if (!reply) return reply.error();
    return wire::read<schema::TextQueryResponse>(*reply, [](schema::TextQueryResponse::Reader r) {
      std::pair<std::vector<std::string>, Hits> out;
      for (auto term : r.getTerms())
        out.first.push_back(schema::to_string(term));
      for (auto hit : r.getHits())
        out.second.emplace_back(schema::to_string(hit.getKey()), hit.getScore());
      return out;
    });
  }

  Hits hits(const std::string& query, uint32_t k = 10) {
    auto found = search(query, k);
    BOOST_REQUIRE_MESSAGE(found.ok(), (found.ok() ? "" : found.error().message));
    return found->second;
  }
};

std::vector<std::string> keys_of(const Hits& hits) {
  std::vector<std::string> keys;
  for (const auto& hit : hits)
    keys.push_back(hit.first);
  return keys;
}

/// Random glosses over a small vocabulary, so terms repeat across documents
/// with varied frequencies and lengths.
std::vector<Doc> random_docs(std::size_t count) {
  static const char* words[] = {"dog",   "cat",    "barks",  "night",  "river", "stone",
                                "light", "dark",   "runs",   "quick",  "brown", "fox",
                                "lazy",  "jumped", "tree",   "forest", "city",  "music"};
  std::mt19937 rng(7);
  std::vector<Doc> docs;
  for (std::size_t i = 0; i < count; ++i) {
    std::string gloss;
    auto length = 3 + rng() % 12;
    for (std::size_t w = 0; w < length; ++w)
      gloss += std::string(w ? " " : "") + words[rng() % std::size(words)];
    docs.push_back({"doc-" + std::to_string(i), gloss});
  }
  return docs;
}

}  // namespace

BOOST_AUTO_TEST_CASE(documents_are_found_by_their_words_best_first) {
  Fixture f;
  f.import({{"n1", "a dog that barked all night"},
            {"n2", "a cat at night"},
            {"n3", "dogs, dogs and more dogs"},
            {"n4", "a river of stone"}});
  auto found = f.search("The dogs BARKED", 10);
  BOOST_REQUIRE(found.ok());
  BOOST_TEST((found->first == std::vector<std::string>{"dog", "bark"}));  // stemmed, no stop words
  // n1 matches both terms; n3 only "dog", but three times in a short text.
  BOOST_TEST((keys_of(found->second) == std::vector<std::string>{"n1", "n3"}));
  BOOST_TEST(found->second[0].second > found->second[1].second);
  BOOST_TEST((keys_of(f.hits("night", 1)) == std::vector<std::string>{"n2"}));  // the shorter text
  BOOST_TEST(f.hits("zebra").empty());
}

BOOST_AUTO_TEST_CASE(a_query_of_stop_words_only_finds_nothing) {
  Fixture f;
  f.import({{"n1", "the dog"}});
  auto found = f.search("the of and", 10);
  BOOST_REQUIRE(found.ok());
  BOOST_TEST(found->first.empty());
  BOOST_TEST(found->second.empty());
}

BOOST_AUTO_TEST_CASE(a_rewritten_node_is_found_by_its_new_words_only) {
  Fixture f;
  f.import({{"n1", "a quick brown fox"}, {"n2", "a fox den"}});
  f.import({{"n1", "a lazy dog"}});
  BOOST_TEST((keys_of(f.hits("fox")) == std::vector<std::string>{"n2"}));
  BOOST_TEST((keys_of(f.hits("lazy dog")) == std::vector<std::string>{"n1"}));
}

BOOST_AUTO_TEST_CASE(k_outside_its_range_is_refused) {
  Fixture f;
  for (uint32_t k : {0u, 501u}) {
    auto found = f.search("dog", k);
    BOOST_REQUIRE(!found.ok());
    BOOST_TEST((found.error().code == errc::invalid_argument));
    BOOST_TEST(found.error().message.find("1..500") != std::string::npos, found.error().message);
  }
}

BOOST_AUTO_TEST_CASE(scores_are_identical_with_one_and_four_shards) {
  auto docs = random_docs(300);
  const std::vector<std::string> queries = {"dog", "night dark", "quick brown fox jumped",
                                            "forest river stone tree", "music city light"};
  auto run = [&](uint32_t shards) {
    Fixture f(shards);
    f.import(docs);
    std::vector<Hits> results;
    for (const auto& query : queries)
      results.push_back(f.hits(query, 500));  // every matching document
    return results;
  };
  auto one = run(1), four = run(4);
  for (std::size_t q = 0; q < queries.size(); ++q)
    BOOST_TEST_CONTEXT(queries[q]) {
      BOOST_TEST(!one[q].empty());
      BOOST_TEST((one[q] == four[q]));  // same keys, same order, bit-identical scores
    }
}
