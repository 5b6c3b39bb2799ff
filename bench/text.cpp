// bench/text: full-text search (BM25) on the demo graph, WordNet 3.0.
//   The graph: WordNet imported in this process through a gateway into
//   --shards fresh shard stores (each synset's lemmas and gloss indexed, as
//   the demo does), the stores then compacted, so both paths read what a
//   long-running node reads.
//   Queries: --queries random synsets (fixed --seed), each 2 to 4 words of its
//   gloss, top --k.
//   (a) actors: the queries through the gateway's (textSearch) and detached
//       graph shard actors in this process, from --in-flight threads.
//   (b) baseline: the same two rounds on the same open stores in one thread, no
//       actors: every store's text_stats summed, every store's search_text
//       with the sums, merged (keys read for the winners, as the shards do).
//   The two paths' answers are compared (same keys, same scores).
// Figures are the median of --runs samples after --warmup untimed ones, each
// repeating the pass over the queries until it lasted --min-seconds, the
// paths alternating; printed with the ratio actors/direct.
//
//   deepseek-bench-text [--queries 1000] [--k 10] [--in-flight 16] [--shards 2] [--runs 3]
//                       [--min-seconds 0.5] [--seed 7] [--wordnet /usr/share/wordnet]
//                       [--json out.json]

#include "schema/text.hpp"

#include <atomic>
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "bench/support/in_process_graph.hpp"
#include "bench/support/query_pass.hpp"
#include "bench/support/timing.hpp"
#include "bench/support/wordnet_queries.hpp"
#include "common/testing/temp_dir.hpp"
#include "protocol/wire/build.hpp"
#include "schema/gateway.capnp.h"
#include "storage/graph/graph_store.hpp"
#include "storage/graph/slot_ranges.hpp"
#include "storage/import/wordnet_source.hpp"

namespace {

namespace fs = std::filesystem;
using ds::Result;
using ds::bench::Clock;
using ds::bench::InProcessGraph;
using ds::bench::seconds_since;

/// A query's answer: (key, score) best first.
using Hits = std::vector<std::pair<std::string, double>>;

/// One pass over the queries: its time and each query's answer.
using Pass = ds::bench::QueryPass<Hits>;

// -- (a) through the actors ----------------------------------------------------

Result<Hits> search_actors(const InProcessGraph& graph, caf::scoped_actor& self,
                           const std::string& query, uint32_t k) {
  auto reply = graph.ask(self, ds::text_search_atom::value,
                         ds::wire::build<ds::schema::TextQuery>([&](auto r) {
                           r.setQuery(query);
                           r.setK(k);
                         }));
  if (!reply) return reply.error();
  return ds::wire::read<ds::schema::TextQueryResponse>(*reply, [](auto response) {
    Hits hits;
    for (auto hit : response.getHits())
      hits.emplace_back(ds::schema::to_string(hit.getKey()), hit.getScore());
    return hits;
  });
}

Pass actors_pass(InProcessGraph& graph, const std::vector<std::string>& queries, uint32_t k,
                 unsigned in_flight) {
  std::vector<std::unique_ptr<caf::scoped_actor>> selves;
  for (unsigned t = 0; t < in_flight; ++t)
    selves.push_back(std::make_unique<caf::scoped_actor>(graph.system()));
  return ds::bench::threaded_pass(queries, in_flight, Hits{},
                                  [&](unsigned t, const std::string& query) {
                                    return search_actors(graph, *selves[t], query, k);
                                  });
}

// -- (b) the baseline: the stores in this thread -------------------------------

class DirectText {
 public:
  /// Over the stores the in-process graph's shards have open.
  static Result<DirectText> open(InProcessGraph& graph, uint32_t shards) {
    DirectText text;
    for (uint32_t i = 0; i < shards; ++i) {
      auto store = graph.store(i);
      if (!store) return store.error();
      text.stores_.push_back(std::move(store).value());
    }
    auto tokenizer = ds::storage::Tokenizer::create();
    if (!tokenizer) return tokenizer.error();
    text.tokenizer_ = std::move(tokenizer).value();
    return text;
  }

  /// The gateway's two rounds as plain calls: distinct terms in query order,
  /// statistics summed, every store's top k with their keys, merged.
  Result<Hits> search(const std::string& query, uint32_t k) const {
    std::vector<std::string> terms;
    for (auto& term : tokenizer_->terms(query))
      if (std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(term);
    if (terms.empty()) return Hits{};
    ds::storage::TextStats global{0, 0, std::vector<uint64_t>(terms.size(), 0)};
    for (const auto& store : stores_) {
      auto stats = store->text_stats(terms);
      if (!stats) return stats.error();
      global.documents += stats->documents;
      global.total_length += stats->total_length;
      for (std::size_t t = 0; t < terms.size(); ++t)
        global.df[t] += stats->df[t];
    }
    std::vector<std::tuple<double, ds::storage::EntityId, std::string>> merged;
    for (const auto& store : stores_) {
      auto hits = store->search_text(terms, global, k);
      if (!hits) return hits.error();
      for (const auto& hit : *hits) {
        auto key = store->key_of(hit.id);
        if (!key) return key.error();
        if (*key) merged.emplace_back(-hit.score, hit.id, std::move(**key));
      }
    }
    std::sort(merged.begin(), merged.end(), [](const auto& a, const auto& b) {
      return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
    });
    Hits out;
    for (std::size_t i = 0; i < merged.size() && i < k; ++i)
      out.emplace_back(std::get<2>(merged[i]), -std::get<0>(merged[i]));
    return out;
  }

 private:
  std::vector<std::shared_ptr<ds::storage::GraphStore>> stores_;
  std::unique_ptr<ds::storage::Tokenizer> tokenizer_;
};

Pass direct_pass(const DirectText& text, const std::vector<std::string>& queries, uint32_t k) {
  Pass pass;
  pass.answers.resize(queries.size());
  auto start = Clock::now();
  for (std::size_t i = 0; i < queries.size(); ++i) {
    auto hits = text.search(queries[i], k);
    if (hits)
      pass.answers[i] = std::move(hits).value();
    else if (pass.failures++ == 0)
      pass.first_error = queries[i] + ": " + hits.error().message;
  }
  pass.seconds = seconds_since(start);
  return pass;
}

/// Imports WordNet into `data_dir` through the actors, then compacts the stores.
Result<double> build_graph(const fs::path& data_dir, uint32_t shards, const fs::path& wordnet) {
  auto start = Clock::now();
  {
    auto graph = InProcessGraph::open(data_dir, shards);
    if (!graph) return graph.error();
    auto source = ds::storage::open_wordnet(wordnet);
    if (!source) return source.error();
    auto imported = (*graph)->import(**source);
    if (!imported) return imported.error();
  }
  for (uint32_t i = 0; i < shards; ++i) {
    auto store = ds::storage::GraphStore::open(data_dir / "shards" / std::to_string(i));
    if (!store) return store.error();
    if (auto compacted = (*store)->compact(); !compacted) return compacted.error();
  }
  return seconds_since(start);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"BM25 full-text search on WordNet through the gateway and graph shard actors, "
               "against the same two rounds directly on the RocksDB stores"};
  std::size_t query_count = 1000;
  uint32_t k = 10, shards = 2;
  unsigned in_flight = 16;
  uint64_t seed = 7;
  ds::bench::Timing timing;
  fs::path wordnet = "/usr/share/wordnet";
  std::string json_path;
  app.add_option("--queries", query_count, "queries")->capture_default_str();
  app.add_option("-k,--k", k, "hits per query")->check(CLI::Range(1, 1000))->capture_default_str();
  app.add_option("--in-flight", in_flight, "actors: queries outstanding (threads)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--shards", shards, "graph shards")->check(CLI::Range(1, 64))->capture_default_str();
  app.add_option("--runs", timing.runs, "timed samples per path")->capture_default_str();
  app.add_option("--warmup", timing.warmup, "untimed samples first")->capture_default_str();
  app.add_option("--min-seconds", timing.min_seconds, "a sample lasts at least this")
      ->capture_default_str();
  app.add_option("--seed", seed, "seed of the query sample")->capture_default_str();
  app.add_option("--wordnet", wordnet, "the WordNet 3.0 database")->capture_default_str();
  app.add_option("--json", json_path, "also write the figures as JSON to this file");
  CLI11_PARSE(app, argc, argv);
  auto fail = [](const std::string& message) {
    std::cerr << "deepseek-bench-text: " << message << "\n";
    return 1;
  };

  auto queries = ds::bench::gloss_queries(wordnet, query_count, seed);
  if (!queries) return fail(queries.error().message);
  ds::testing::TempDir dir("ds-bench-text");
  std::fprintf(stderr, "importing WordNet into %u shards...\n", shards);
  auto built = build_graph(dir.path(), shards, wordnet);
  if (!built) return fail(built.error().message);
  std::fprintf(stderr, "imported and compacted in %.1f s\n", *built);

  auto tokenizer = ds::storage::Tokenizer::create();
  if (!tokenizer) return fail(tokenizer.error().message);
  auto graph = InProcessGraph::open(dir.path(), shards, "auto",
                                    std::shared_ptr<const ds::storage::Tokenizer>(
                                        std::move(tokenizer).value()));
  if (!graph) return fail(graph.error().message);
  auto direct = DirectText::open(**graph, shards);
  if (!direct) return fail(direct.error().message);

  using RunPass = std::function<Pass()>;
  auto figures = ds::bench::measure(
      timing, queries->size(),
      std::vector<RunPass>{[&] { return actors_pass(**graph, *queries, k, in_flight); },
                           [&] { return direct_pass(*direct, *queries, k); }});
  const auto& actors = figures[0];
  const auto& baseline = figures[1];
  std::size_t agree = 0, hits = 0;
  for (std::size_t i = 0; i < queries->size(); ++i) {
    agree += actors.last.answers[i] == baseline.last.answers[i];
    hits += baseline.last.answers[i].size();
  }
  double ratio = actors.per_s / baseline.per_s;
  auto cores = std::max(1u, std::thread::hardware_concurrency());
  std::printf(
      "text benchmark: BM25 on WordNet 3.0 (117,659 synsets: lemmas and gloss), %u shards, "
      "%u cores\n"
      "    %zu queries of 2-4 gloss words (seed %" PRIu64 "), top %u, %.1f hits per query\n"
      "    actors: gateway + detached graph shards in process, %u in flight\n"
      "    direct: the same two rounds on the stores in one thread\n"
      "    median of %u samples of >= %.2f s, paths alternating\n\n"
      "    actors q/s   direct q/s   actors/direct   answers agree\n"
      "    %10.0f   %10.0f   %13.2f   %zu of %zu\n",
      shards, cores, queries->size(), seed, k, double(hits) / double(queries->size()), in_flight,
      timing.runs, timing.min_seconds, actors.per_s, baseline.per_s, ratio, agree,
      queries->size());
  if (actors.last.failures || baseline.last.failures)
    std::printf("    warning: %" PRIu64 " failed queries through the actors (%s), %" PRIu64
                " direct (%s)\n",
                actors.last.failures, actors.last.first_error.c_str(), baseline.last.failures,
                baseline.last.first_error.c_str());
  if (!json_path.empty())
    std::ofstream(json_path) << nlohmann::json{{"benchmark", "text"},
                                               {"shards", shards},
                                               {"queries", queries->size()},
                                               {"k", k},
                                               {"in_flight", in_flight},
                                               {"actors_per_s", actors.per_s},
                                               {"direct_per_s", baseline.per_s},
                                               {"ratio_actors_direct", ratio},
                                               {"answers_agree", agree}}
                                        .dump(2)
                             << "\n";
  return agree == queries->size() ? 0 : 1;
}
