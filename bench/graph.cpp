// bench/graph: the graph path end to end, on WordNet 3.0.
//   (a) import through the CLI: a real deepseek-server child process on free
//       loopback ports and a fresh data directory, `deepseek-cli import
//       --format wordnet` against it; total seconds, nodes/s and edges/s.
//   (b) 1-, 2- and 3-hop expansions (hypernym, hyponym, every type; direction
//       out) from random synsets through the shard actors: a gateway and
//       detached shard actors in this process over the server's stores,
//       queries sent as Cap'n Proto envelopes from `--in-flight` threads;
//       against the baseline: the same breadth-first expansions on a copy of
//       the stores, in one thread with no actors. Both paths find the start
//       node, expand hop by hop with a visited set, and turn every reached id
//       into its key. The same queries through the SDK over loopback to the
//       server process are printed alongside, for what the network adds.
// Import figures are the median of --import-runs imports (each into a fresh
// data directory); expansion figures the median of --runs samples after
// --warmup untimed ones, each sample repeating the pass over the sampled
// synsets until it lasted --min-seconds, the two paths' samples alternating,
// printed with the ratio actors/direct. The stores are compacted first, so
// both paths read what a long-running node reads, with no compaction running.
//
//   deepseek-bench-graph [--runs 3] [--queries 1000] [--in-flight 16] [--shards 2]
//                        [--min-seconds 0.5] [--import-runs 1] [--json out.json]

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/exit_reason.hpp>
#include <caf/scoped_actor.hpp>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "actors/gateway/gateway.hpp"
#include "bench/support/in_process_graph.hpp"
#include "bench/support/query_pass.hpp"
#include "bench/support/server_process.hpp"
#include "bench/support/timing.hpp"
#include "common/result.hpp"
#include "common/testing/temp_dir.hpp"
#include "protocol/wire/build.hpp"
#include "runtime/actor_system_setup.hpp"
#include "schema/gateway.capnp.h"
#include "sdk/client.hpp"
#include "storage/graph/graph_store.hpp"
#include "storage/graph/slot_ranges.hpp"

namespace {

using ds::bench::ServerProcess;
using ds::bench::child_environment;
using ds::bench::read_text;
using ds::bench::spawn;
namespace fs = std::filesystem;
using ds::bench::Clock;
using ds::bench::measure;
using ds::bench::median;
using ds::bench::seconds_since;
using ds::bench::Timing;
using ds::bench::verdict;
using ds::errc;
using ds::make_error;
using ds::Result;
using ds::storage::EntityId;

// -- (a) import through the CLI ----------------------------------------------

struct ImportFigures {
  double wall_s = 0;  ///< the CLI process, start to exit
  double cli_s = 0;   ///< what the CLI reports (its import loop)
  uint64_t nodes = 0;
  uint64_t edges = 0;
};

/// Runs `deepseek-cli import --format wordnet` against the server on
/// `sdk_port` and parses its "imported N nodes and M edges in S s" line.
Result<ImportFigures> import_wordnet(const fs::path& cli, uint16_t sdk_port,
                                     const fs::path& wordnet, const fs::path& scratch) {
  auto out = scratch / "cli.out", err = scratch / "cli.err";
  auto start = Clock::now();
  auto pid = spawn({cli.string(), "--port", std::to_string(sdk_port), "import", "--format",
                    "wordnet", wordnet.string()},
                   child_environment({}), out, err);
  if (!pid) return pid.error();
  int status = 0;
  waitpid(*pid, &status, 0);
  ImportFigures figures;
  figures.wall_s = seconds_since(start);
  auto text = read_text(out);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
      std::sscanf(text.c_str(), "imported %" SCNu64 " nodes and %" SCNu64 " edges in %lf s",
                  &figures.nodes, &figures.edges, &figures.cli_s) != 3)
    return make_error(errc::internal, "deepseek-cli import failed (status " +
                                          std::to_string(status) + "):\n" + text + read_text(err));
  return figures;
}

// -- (b) the sample and the cases ----------------------------------------------

/// Every synset key of the WordNet database in `dir`, as the importer makes
/// them (wordnet_source.hpp): the data file's letter and the 8-digit offset
/// that starts each line after the license header.
Result<std::vector<std::string>> synset_keys(const fs::path& dir) {
  std::vector<std::string> keys;
  for (auto [file, letter] : {std::pair{"data.noun", 'n'}, std::pair{"data.verb", 'v'},
                              std::pair{"data.adj", 'a'}, std::pair{"data.adv", 'r'}}) {
    std::ifstream in(dir / file);
    if (!in) return make_error(errc::not_found, (dir / file).string() + ": cannot open");
    std::string line;
    while (std::getline(in, line))
      if (line.size() > 8 && line[0] != ' ') keys.push_back(letter + line.substr(0, 8));
  }
  return keys;
}

std::vector<std::string> sample(std::vector<std::string> keys, std::size_t count, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::shuffle(keys.begin(), keys.end(), random);
  keys.resize(std::min(count, keys.size()));
  return keys;
}

struct Case {
  uint32_t hops = 1;
  std::vector<std::string> types;  ///< empty: every type
  std::string name() const { return types.empty() ? "all types" : types.front(); }
};

/// One pass over the sample: its time and each query's number of rows
/// (-1 where the query failed).
using Pass = ds::bench::QueryPass<int64_t>;

// -- (b) through the actors ----------------------------------------------------

/// The queries through the SDK client to the server process.
Pass sdk_pass(ds::sdk::Client& client, const std::vector<std::string>& keys, const Case& c,
              unsigned in_flight) {
  auto ask = [&](unsigned, const std::string& key) -> Result<int64_t> {
    auto rows = client.neighbours({key, c.types, ds::storage::Direction::out, c.hops}).get();
    if (!rows) return rows.error();
    return static_cast<int64_t>(rows->size());
  };
  return ds::bench::threaded_pass(keys, in_flight, int64_t{-1}, ask);
}

// -- (b) through the shard actors in this process ------------------------------

using ds::bench::InProcessGraph;

/// The number of rows of one expansion through the in-process gateway, asked from `self`.
Result<int64_t> expand(const InProcessGraph& graph, caf::scoped_actor& self, const std::string& key,
                       const Case& c) {
  auto request = ds::wire::build<ds::schema::NeighboursRequest>([&](auto r) {
    r.setKey(key);
    auto types = r.initTypes(static_cast<unsigned>(c.types.size()));
    for (unsigned i = 0; i < c.types.size(); ++i)
      types.set(i, c.types[i]);
    r.setDirection(ds::schema::Direction::OUT);
    r.setHops(c.hops);
  });
  auto reply = graph.ask(self, ds::neighbours_atom::value, std::move(request));
  if (!reply) return reply.error();
  return ds::wire::read<ds::schema::NeighboursResponse>(*reply, [](auto response) {
    return static_cast<int64_t>(response.getNeighbours().size());
  });
}

/// The queries through the in-process gateway; each thread asks from its
/// own scoped actor.
Pass in_process_pass(InProcessGraph& graph, const std::vector<std::string>& keys, const Case& c,
                     unsigned in_flight) {
  std::vector<std::unique_ptr<caf::scoped_actor>> selves;
  for (unsigned t = 0; t < in_flight; ++t)
    selves.push_back(std::make_unique<caf::scoped_actor>(graph.system()));
  auto ask = [&](unsigned t, const std::string& key) { return expand(graph, *selves[t], key, c); };
  return ds::bench::threaded_pass(keys, in_flight, int64_t{-1}, ask);
}

// -- (b) the baseline: the stores in this thread -------------------------------

/// Compacts every shard store of a stopped node's data directory.
Result<void> compact_stores(const fs::path& data_dir, uint32_t shards) {
  for (uint32_t i = 0; i < shards; ++i) {
    auto store = ds::storage::GraphStore::open(data_dir / "shards" / std::to_string(i));
    if (!store) return store.error();
    if (auto compacted = (*store)->compact(); !compacted) return compacted;
  }
  return {};
}

/// Every shard store of a stopped node's data directory, opened by this
/// process; the expansion of graph_traversal.cpp as plain calls.
class DirectGraph {
 public:
  static Result<DirectGraph> open(const fs::path& data_dir, uint32_t shards) {
    DirectGraph graph;
    for (uint32_t i = 0; i < shards; ++i) {
      auto store = ds::storage::GraphStore::open(data_dir / "shards" / std::to_string(i));
      if (!store) return store.error();
      graph.stores_.push_back(std::move(store).value());
    }
    return graph;
  }

  /// The rows (hops, key, type) the gateway would answer, ordered the same way.
  Result<std::vector<std::tuple<uint32_t, std::string, std::string>>> expand(const std::string& key,
                                                                             const Case& c) const {
    auto start = owner_of_slot(ds::storage::slot_of_key(key)).find(key);
    if (!start) return start.error();
    if (!*start) return make_error(errc::not_found, "no node has the key \"" + key + "\"");
    struct Entry {
      EntityId id;
      std::string type;
      uint32_t hops;
    };
    std::vector<EntityId> frontier{**start};
    std::unordered_set<EntityId> visited{**start};
    std::vector<Entry> entries;
    for (uint32_t hop = 1; hop <= c.hops && !frontier.empty(); ++hop) {
      std::set<std::pair<EntityId, std::string>> seen;  // (node, relation) this hop
      std::vector<EntityId> next;
      for (auto id : frontier) {
        auto neighbours = owner_of_id(id).neighbours(id, c.types, ds::storage::Direction::out);
        if (!neighbours) return neighbours.error();
        for (auto& n : *neighbours) {
          if (visited.count(n.id) || !seen.emplace(n.id, n.type).second) continue;
          next.push_back(n.id);
          entries.push_back({n.id, std::move(n.type), hop});
        }
      }
      std::sort(next.begin(), next.end());
      next.erase(std::unique(next.begin(), next.end()), next.end());
      visited.insert(next.begin(), next.end());
      frontier = std::move(next);
    }
    std::vector<EntityId> ids;
    for (const auto& e : entries)
      ids.push_back(e.id);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::unordered_map<EntityId, std::string> keys;
    for (auto id : ids) {
      auto node = owner_of_id(id).get(id);
      if (!node) return node.error();
      if (*node) keys.emplace(id, std::move((*node)->key));
    }
    std::vector<std::tuple<uint32_t, std::string, std::string>> rows;
    for (auto& e : entries)
      if (auto found = keys.find(e.id); found != keys.end())
        rows.emplace_back(e.hops, found->second, std::move(e.type));
    std::sort(rows.begin(), rows.end());
    return rows;
  }

 private:
  const ds::storage::GraphStore& owner_of_slot(uint32_t slot) const {
    auto shards = static_cast<uint32_t>(stores_.size());
    return *stores_[ds::storage::shard_of_slot(slot, shards)];
  }
  const ds::storage::GraphStore& owner_of_id(EntityId id) const {
    return owner_of_slot(ds::storage::slot_of_id(id));
  }

  std::vector<std::unique_ptr<ds::storage::GraphStore>> stores_;
};

Pass direct_pass(const DirectGraph& graph, const std::vector<std::string>& keys, const Case& c) {
  Pass pass;
  pass.answers.assign(keys.size(), -1);
  auto start = Clock::now();
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto rows = graph.expand(keys[i], c);
    if (rows) {
      pass.answers[i] = static_cast<int64_t>(rows->size());
    } else if (pass.failures++ == 0) {
      pass.first_error = keys[i] + ": " + rows.error().message;
    }
  }
  pass.seconds = seconds_since(start);
  return pass;
}

/// Pings through the SDK client, `in_flight` at a time, as many as there
/// are queries: the client <-> gateway round trip every expansion pays once.
Pass ping_pass(ds::sdk::Client& client, std::size_t count, unsigned in_flight) {
  Pass pass;
  std::atomic<std::size_t> next{0};
  std::atomic<uint64_t> failures{0};
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < in_flight; ++t)
    threads.emplace_back([&] {
      while (next++ < count)
        if (!client.ping("").get()) ++failures;
    });
  for (auto& thread : threads)
    thread.join();
  pass.seconds = seconds_since(start);
  pass.failures = failures;
  return pass;
}

using Figure = ds::bench::Figure<Pass>;

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "WordNet import through deepseek-cli, and 1-3 hop expansions through the shard actors "
      "against the same expansions directly on the RocksDB stores"};
  auto bin = fs::read_symlink("/proc/self/exe").parent_path();
  fs::path server = (bin / "../tools/deepseek-server").lexically_normal();
  fs::path cli = (bin / "../tools/deepseek-cli").lexically_normal();
  fs::path wordnet = "/usr/share/wordnet";
  unsigned import_runs = 1, in_flight = 16;
  Timing timing;
  uint32_t shards = 2;
  std::size_t queries = 1000;
  uint64_t seed = 42;
  std::string json_path, scheduler = "auto";
  app.add_option("--server", server, "the deepseek-server binary")->capture_default_str();
  app.add_option("--cli", cli, "the deepseek-cli binary")->capture_default_str();
  app.add_option("--wordnet", wordnet, "the WordNet 3.0 database directory")->capture_default_str();
  app.add_option("--shards", shards, "graph shards of the server")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  app.add_option("--import-runs", import_runs, "imports, each into a fresh data directory")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  app.add_option("--runs", timing.runs, "timed samples per expansion figure (the median is reported)")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  app.add_option("--warmup", timing.warmup, "untimed samples before them")->capture_default_str();
  app.add_option("--min-seconds", timing.min_seconds,
                 "a sample repeats its pass over the synsets until it lasted this long")
      ->check(CLI::Range(0.0, 60.0))
      ->capture_default_str();
  app.add_option("--queries", queries, "random synsets to expand from")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  app.add_option("--in-flight", in_flight, "actor path: queries outstanding at once")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  app.add_option("--scheduler", scheduler, "actor path: the node's actor_scheduler setting")
      ->check(CLI::IsMember({"auto", "sharing", "stealing"}))
      ->capture_default_str();
  app.add_option("--seed", seed, "seed of the synset sample")->capture_default_str();
  app.add_option("--json", json_path, "also write the figures as JSON to this file");
  CLI11_PARSE(app, argc, argv);

  auto fail = [](const std::string& message) {
    std::cerr << "deepseek-bench-graph: " << message << "\n";
    return 1;
  };
  auto all_keys = synset_keys(wordnet);
  if (!all_keys) return fail(all_keys.error().message);
  auto keys = sample(*all_keys, queries, seed);

  std::printf("graph benchmark: WordNet in %s, %u shards, %u cores\n", wordnet.c_str(), shards,
              std::thread::hardware_concurrency());

  // (a) Imports, each into a fresh data directory; the last server stays up for (b).
  std::vector<ImportFigures> imports;
  std::unique_ptr<ds::testing::TempDir> dir;
  std::unique_ptr<ServerProcess> node;
  for (unsigned i = 0; i < import_runs; ++i) {
    node.reset();
    dir = std::make_unique<ds::testing::TempDir>("ds-bench-graph");
    auto started = ServerProcess::start(server, dir->path() / "data", shards);
    if (!started) return fail(started.error().message);
    node = std::move(started).value();
    auto figures = import_wordnet(cli, node->sdk_port(), wordnet, dir->path());
    if (!figures) return fail(figures.error().message);
    imports.push_back(*figures);
  }
  std::sort(imports.begin(), imports.end(),
            [](const ImportFigures& a, const ImportFigures& b) { return a.wall_s < b.wall_s; });
  const auto import = imports[imports.size() / 2];
  std::printf("\n(a) import through deepseek-cli, median of %u\n", import_runs);
  std::printf("    %" PRIu64 " nodes, %" PRIu64
              " edges in %.2f s (the CLI's own clock: %.2f s)\n"
              "    %.0f nodes/s, %.0f edges/s, %.0f items/s over the total\n",
              import.nodes, import.edges, import.wall_s, import.cli_s,
              static_cast<double>(import.nodes) / import.wall_s,
              static_cast<double>(import.edges) / import.wall_s,
              static_cast<double>(import.nodes + import.edges) / import.wall_s);
  std::fflush(stdout);  // before the progress lines on stderr

  // (b) Right after the import the server reads from RocksDB memtables and
  // unsorted level-0 files, and compactions run in the background: a state
  // that lasts seconds, and would make the figures depend on when each pass
  // ran. Both paths read the settled state of a long-running node: the server
  // stops, its stores are compacted, the server restarts on them, and this
  // process opens a copy.
  if (auto stopped = node->stop(); !stopped) return fail(stopped.error().message);
  if (auto settled = compact_stores(dir->path() / "data", shards); !settled)
    return fail(settled.error().message);
  auto data = dir->path() / "data", copy = dir->path() / "direct";
  std::error_code copied;
  fs::copy(data, copy, fs::copy_options::recursive, copied);
  if (copied) return fail("cannot copy " + data.string() + ": " + copied.message());
  auto restarted = ServerProcess::start(server, data, shards);
  if (!restarted) return fail(restarted.error().message);
  node = std::move(restarted).value();
  ds::sdk::ClientOptions options;
  options.port = node->sdk_port();
  auto client = ds::sdk::Client::connect(options);
  if (!client) return fail(client.error().message);

  std::vector<Case> cases;
  for (uint32_t hops : {1u, 2u, 3u})
    for (auto types : {std::vector<std::string>{"hypernym"}, std::vector<std::string>{"hyponym"},
                       std::vector<std::string>{}})
      cases.push_back({hops, types});
  using RunPass = std::function<Pass()>;
  // Over the network first, while the server holds the stores.
  std::fprintf(stderr, "ping\n");
  auto ping =
      measure(timing, keys.size(),
              std::vector<RunPass>{[&] { return ping_pass(**client, keys.size(), in_flight); }})[0];
  std::vector<Figure> by_sdk, by_actors, direct;
  for (const auto& c : cases) {
    std::fprintf(stderr, "sdk: %u hop(s), %s\n", c.hops, c.name().c_str());
    by_sdk.push_back(measure(timing, keys.size(), std::vector<RunPass>{[&] {
                               return sdk_pass(**client, keys, c, in_flight);
                             }})[0]);
  }
  client->reset();
  if (auto stopped = node->stop(); !stopped) return fail(stopped.error().message);
  // Then the shard actors in this process over the server's stores, against
  // the stores' copy in one thread, their passes alternating.
  auto graph = DirectGraph::open(copy, shards);
  if (!graph) return fail(graph.error().message);
  auto actors = InProcessGraph::open(data, shards, scheduler);
  if (!actors) return fail(actors.error().message);
  for (const auto& c : cases) {
    std::fprintf(stderr, "actors and direct: %u hop(s), %s\n", c.hops, c.name().c_str());
    auto figures = measure(timing, keys.size(),
                           std::vector<RunPass>{
                               [&] { return in_process_pass(**actors, keys, c, in_flight); },
                               [&] { return direct_pass(*graph, keys, c); },
                           });
    by_actors.push_back(std::move(figures[0]));
    direct.push_back(std::move(figures[1]));
  }
  actors->reset();

  std::printf("\n(b) expansions (direction out) from %zu random synsets (seed %" PRIu64
              "), median of %u passes of each path, alternating\n"
              "    actors: this process's gateway -> detached shard actors over the stores, %u "
              "threads with a query each in flight, actor_scheduler %s\n"
              "    direct: the same expansions on a copy of the stores, one thread, no actors\n"
              "    sdk:    the same queries through sdk::Client to the server process over "
              "loopback\n\n",
              keys.size(), seed, timing.runs, in_flight, scheduler.c_str());
  std::printf(
      "    hops  types       rows/query   direct q/s   actors q/s   actors/direct   sdk q/s\n");
  nlohmann::json expansions = nlohmann::json::array();
  for (std::size_t i = 0; i < cases.size(); ++i) {
    double actor_rate = by_actors[i].per_s, direct_rate = direct[i].per_s;
    const auto& actor_figures = by_actors[i].last;
    const auto& direct_figures = direct[i].last;
    uint64_t rows = 0, mismatches = 0;
    std::string first_mismatch;
    for (std::size_t q = 0; q < keys.size(); ++q) {
      rows += static_cast<uint64_t>(std::max<int64_t>(0, direct_figures.answers[q]));
      if (actor_figures.answers[q] != direct_figures.answers[q] && mismatches++ == 0)
        first_mismatch = keys[q] + ": actors " + std::to_string(actor_figures.answers[q]) +
                         " rows, direct " + std::to_string(direct_figures.answers[q]);
    }
    for (std::size_t q = 0; q < keys.size(); ++q)
      if (by_sdk[i].last.answers[q] != direct_figures.answers[q] && mismatches++ == 0)
        first_mismatch = keys[q] + ": sdk " + std::to_string(by_sdk[i].last.answers[q]) +
                         " rows, direct " + std::to_string(direct_figures.answers[q]);
    double per_query = static_cast<double>(rows) / static_cast<double>(keys.size());
    std::printf("    %4u  %-10s  %10.1f  %11.0f  %11.0f   %13.2f  %8.0f\n", cases[i].hops,
                cases[i].name().c_str(), per_query, direct_rate, actor_rate,
                actor_rate / direct_rate, by_sdk[i].per_s);
    if (actor_figures.failures > 0)
      std::printf("          warning: %" PRIu64 " failed queries through the actors (%s)\n",
                  actor_figures.failures, actor_figures.first_error.c_str());
    if (direct_figures.failures > 0)
      std::printf("          warning: %" PRIu64 " failed direct queries (%s)\n",
                  direct_figures.failures, direct_figures.first_error.c_str());
    if (mismatches > 0)
      std::printf("          warning: %" PRIu64 " queries differ in row count (%s)\n", mismatches,
                  first_mismatch.c_str());
    expansions.push_back({{"hops", cases[i].hops},
                          {"types", cases[i].types},
                          {"rows_per_query", per_query},
                          {"actors_per_s", actor_rate},
                          {"direct_per_s", direct_rate},
                          {"ratio_actors_direct", actor_rate / direct_rate},
                          {"sdk_per_s", by_sdk[i].per_s},
                          {"row_count_mismatches", mismatches}});
  }

  std::printf(
      "    ping through the same client, %u in flight: %.0f round trips/s (the floor of the "
      "actor path: one per query)\n",
      in_flight, ping.per_s);
  if (ping.last.failures > 0)
    std::printf("          warning: %" PRIu64 " failed pings\n", ping.last.failures);

  std::printf("\nsummary\n    import: %.2f s (target < 10 s on 2 cores): %s\n", import.wall_s,
              verdict(import.wall_s < 10));
  for (std::size_t i = 0; i < cases.size(); ++i)
    if (cases[i].hops == 2) {
      double ratio = by_actors[i].per_s / direct[i].per_s;
      std::printf("    2-hop %-10s actors/direct: %.2f (target >= 0.5): %s\n",
                  cases[i].name().c_str(), ratio, verdict(ratio >= 0.5));
    }
  if (!json_path.empty())
    std::ofstream(json_path) << nlohmann::json{{"benchmark", "graph"},
                                               {"shards", shards},
                                               {"cores", std::thread::hardware_concurrency()},
                                               {"runs", timing.runs},
                                               {"min_seconds", timing.min_seconds},
                                               {"queries", keys.size()},
                                               {"seed", seed},
                                               {"in_flight", in_flight},
                                               {"scheduler", scheduler},
                                               {"import",
                                                {{"runs", import_runs},
                                                 {"seconds", import.wall_s},
                                                 {"cli_seconds", import.cli_s},
                                                 {"nodes", import.nodes},
                                                 {"edges", import.edges},
                                                 {"nodes_per_s", import.nodes / import.wall_s},
                                                 {"edges_per_s", import.edges / import.wall_s}}},
                                               {"expansions", expansions},
                                               {"ping_per_s", ping.per_s}}
                                    .dump(2)
                             << "\n";
  return 0;
}
