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
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "bench/graph/actor_passes.hpp"
#include "bench/graph/cases.hpp"
#include "bench/graph/direct_graph.hpp"
#include "bench/graph/report.hpp"
#include "bench/graph/wordnet_import.hpp"
#include "bench/support/in_process_graph.hpp"
#include "bench/support/server_process.hpp"
#include "bench/support/timing.hpp"
#include "common/testing/temp_dir.hpp"
#include "sdk/client.hpp"

using namespace ds::bench;
using namespace ds::graph_bench;
namespace fs = std::filesystem;

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
  app.add_option("--runs", timing.runs,
                 "timed samples per expansion figure (the median is reported)")
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
  print_import(import, import_runs);
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

  auto cases = expansion_cases();
  using RunPass = std::function<Pass()>;
  // Over the network first, while the server holds the stores.
  std::fprintf(stderr, "ping\n");
  ExpansionFigures figures;
  figures.ping =
      measure(timing, keys.size(),
              std::vector<RunPass>{[&] { return ping_pass(**client, keys.size(), in_flight); }})[0];
  for (const auto& c : cases) {
    std::fprintf(stderr, "sdk: %u hop(s), %s\n", c.hops, c.name().c_str());
    figures.sdk.push_back(measure(timing, keys.size(), std::vector<RunPass>{[&] {
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
    auto paired = measure(timing, keys.size(),
                          std::vector<RunPass>{
                              [&] { return in_process_pass(**actors, keys, c, in_flight); },
                              [&] { return direct_pass(*graph, keys, c); },
                          });
    figures.actors.push_back(std::move(paired[0]));
    figures.direct.push_back(std::move(paired[1]));
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
  auto expansions = print_expansions(cases, keys, figures, in_flight);
  print_summary(import, cases, figures);
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
                                               {"ping_per_s", figures.ping.per_s}}
                                    .dump(2)
                             << "\n";
  return 0;
}
