#include "bench/query/workloads.hpp"

#include <nlohmann/json.hpp>

#include "bench/support/wordnet_queries.hpp"
#include "storage/import/wordnet_source.hpp"

namespace ds::query_bench {
namespace {

const std::string& pick(const std::vector<std::string>& pool, std::mt19937_64& random) {
  return pool[random() % pool.size()];
}

/// A Cypher request whose one parameter `name` is drawn from `pool`.
Workload cypher(std::string name, std::string query, std::string parameter,
                const std::vector<std::string>& pool, std::string drawn) {
  Workload w{std::move(name), query, std::move(drawn), {}};
  w.body = [query, parameter, &pool](std::mt19937_64& random) {
    return nlohmann::json{{"query", query}, {"params", {{parameter, pick(pool, random)}}}}.dump();
  };
  return w;
}

Workload make_workload(const WordNetSample& sample, const std::string& name) {
  auto keys = "a random synset key (of " + std::to_string(sample.keys.size()) + ")";
  auto nouns = "a random noun synset key (of " + std::to_string(sample.noun_keys.size()) + ")";
  auto words = "2-4 words of a random gloss (" + std::to_string(sample.gloss_queries.size()) +
               " drawn, fixed seed)";
  if (name == "key")
    return cypher(name, "MATCH (s) WHERE key(s) = $key RETURN s.name", "key", sample.keys, keys);
  if (name == "2hop")
    return cypher(name,
                  "MATCH (s)-[:hypernym]->()-[:hypernym]->(h) WHERE key(s) = $key RETURN h.name",
                  "key", sample.noun_keys, nouns);
  if (name == "closure")
    return cypher(name,
                  "MATCH (s)-[:hypernym*1..20]->(h) WHERE key(s) = $key RETURN DISTINCT h.name",
                  "key", sample.noun_keys, nouns);
  if (name == "vector")
    return cypher(name,
                  "CALL db.index.vector.queryNodes('text', 10, $text) YIELD node, score "
                  "RETURN node.name, score",
                  "text", sample.gloss_queries, words);
  if (name == "create")  // a write: a new node and an edge, whose sides are often two shards
    return cypher(name,
                  "MATCH (s) WHERE key(s) = $key CREATE (s)<-[:about]-(:Note {text: 'bench'})",
                  "key", sample.keys, keys);
  if (name == "bm25")
    return cypher(name,
                  "CALL db.index.fulltext.queryNodes('text', $text, {limit: 10}) YIELD node, "
                  "score RETURN node.name, score",
                  "text", sample.gloss_queries, words);
  // text: the words themselves are the query, answered in text mode.
  Workload w{name, R"({"query": <words>, "mode": "text", "limit": 10})", words, {}};
  w.body = [&sample](std::mt19937_64& random) {
    return nlohmann::json{
        {"query", pick(sample.gloss_queries, random)}, {"mode", "text"}, {"limit", 10}}
        .dump();
  };
  return w;
}

}  // namespace

Result<WordNetSample> sample_wordnet(const std::filesystem::path& wordnet, std::size_t queries,
                                     uint64_t seed) {
  auto source = storage::open_wordnet(wordnet);
  if (!source) return source.error();
  WordNetSample sample;
  // All nodes come before the edges: the first batch without nodes ends what we need.
  while (true) {
    auto batch = (*source)->next(4096);
    if (!batch) return batch.error();
    if (!*batch || (*batch)->nodes.empty()) break;
    for (auto& node : (*batch)->nodes) {
      if (node.key.starts_with('n')) sample.noun_keys.push_back(node.key);
      sample.keys.push_back(std::move(node.key));
    }
  }
  if (sample.noun_keys.empty())
    return make_error(errc::not_found, wordnet.string() + ": no noun synsets read");
  auto glosses = bench::gloss_queries(wordnet, queries, seed);
  if (!glosses) return glosses.error();
  sample.gloss_queries = std::move(glosses).value();
  return sample;
}

const std::vector<std::string>& workload_names() {
  static const std::vector<std::string> names{"key",  "2hop", "closure", "vector",
                                              "bm25", "text", "create"};
  return names;
}

std::vector<Workload> make_workloads(const WordNetSample& sample,
                                     const std::vector<std::string>& names) {
  std::vector<Workload> out;
  for (const auto& name : names)
    out.push_back(make_workload(sample, name));
  return out;
}

}  // namespace ds::query_bench
