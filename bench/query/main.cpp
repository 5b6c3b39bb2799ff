// bench/query: latency and throughput of POST /api/v1/infer, over real HTTP on
// loopback, against a deepseek-server child process (free ports, a fresh data
// dir, --shards graph shards) that imported the WordNet demo graph at start.
//   Workloads (--workload, repeatable; default all), each request's parameter
//   drawn from a fixed-seed random source (bench/query/workloads.hpp):
//     key      MATCH (s) WHERE key(s) = $key RETURN s.name, any synset's key
//     2hop     two hypernym hops from a random noun synset
//     closure  hypernym*1..20 from a random noun synset, DISTINCT
//     vector   db.index.vector.queryNodes('text', 10, $text), 2-4 gloss words
//     bm25     db.index.fulltext.queryNodes('text', $text, {limit: 10})
//     text     the gloss words as a text-mode query, limit 10
//     create   a writing query: a new Note node and its edge to a random
//              synset (reserved id, the three-step commit; the edge's sides
//              often on two shards)
//   At each --concurrency (repeatable; default 1, 16, 64): that many client
//   threads, each with its own keep-alive connection and one request in
//   flight (closed loop), 0.5 s of warm-up, then a window of --seconds.
//   Figures: requests/s (2xx replies in the window / its length), p50 and p99
//   of those replies' latencies, errors (non-2xx replies and failed
//   exchanges); the median of --runs windows. A window ends by waiting for
//   the requests in flight (their replies not counted), so the next starts
//   on an idle server. No baseline: these are the figures the engine's work
//   is judged by. key, 2hop and closure start at a key lookup (NodeByKey).
// Then the batching comparison (--no-batching-compare skips it): the vector
// workload (or --batching-workload's, for an experiment that batches other
// work under the same key) at 64 clients against two servers that differ
// only in serving.max_batch_size: 64 (on) and 1 (off, the baseline, measured
// in the same run; their windows alternate). Printed: both servers'
// figures, the ratios on/off of requests/s (target >= 3) and of p99
// (target <= 2). A server that refuses the key (an older build) is
// reported, and the exit status is 1.
//
//   deepseek-bench-query [--server build/tools/deepseek-server] [--workload key ...]
//                        [--concurrency 1 --concurrency 16 --concurrency 64] [--seconds 3]
//                        [--runs 3] [--shards 2] [--extra-yaml 'key: value']
//                        [--no-batching-compare] [--batching-workload vector]
//                        [--seed 42] [--queries 10000]
//                        [--wordnet /usr/share/wordnet] [--json out.json]

#include <cstdio>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>

#include "bench/query/batching_compare.hpp"
#include "bench/query/load_generator.hpp"
#include "bench/query/report.hpp"
#include "bench/query/workloads.hpp"
#include "bench/support/server_process.hpp"
#include "common/testing/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using namespace ds::query_bench;

/// Every selected workload at every concurrency, --runs windows each.
std::vector<WorkloadFigures> measure_workloads(const std::vector<Workload>& workloads,
                                               const std::vector<unsigned>& concurrency,
                                               WindowOptions window, unsigned runs) {
  std::vector<WorkloadFigures> out;
  for (const auto& workload : workloads) {
    WorkloadFigures figures{workload.name, workload.query, workload.drawn, {}};
    for (unsigned clients : concurrency) {
      window.clients = clients;
      std::vector<Figures> windows;
      for (unsigned run = 0; run < runs; ++run) {
        ++window.seed;  // every window sends other requests
        windows.push_back(run_window(window, workload.body));
        std::fprintf(stderr, "%s, %u clients, window %u: %.1f requests/s\n", workload.name.c_str(),
                     clients, run + 1, windows.back().per_s);
      }
      figures.by_clients.emplace_back(clients, median_of(windows));
    }
    print_workload(figures);
    std::fflush(stdout);
    out.push_back(std::move(figures));
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Latency and throughput of POST /api/v1/infer over HTTP against a deepseek-server "
      "holding the WordNet demo graph; batching on against off"};
  auto bin = fs::read_symlink("/proc/self/exe").parent_path();
  fs::path server = (bin / "../tools/deepseek-server").lexically_normal();
  fs::path wordnet = "/usr/share/wordnet";
  std::vector<std::string> names;
  std::vector<unsigned> concurrency;
  RunSettings settings{.shards = 2, .seconds = 3, .warmup_seconds = 0.5, .runs = 3};
  uint64_t seed = 42;
  std::size_t query_count = 10000;
  bool no_batching = false;
  std::string batching_workload = "vector";
  std::string json_path;
  app.add_option("--server", server, "the deepseek-server binary")->capture_default_str();
  app.add_option("--workload", names, "workload to run (repeatable; default all)")
      ->check(CLI::IsMember(workload_names()));
  app.add_option("--concurrency", concurrency, "client threads (repeatable; default 1, 16, 64)")
      ->check(CLI::Range(1, 1024));
  app.add_option("--seconds", settings.seconds, "length of a measured window")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--runs", settings.runs, "windows per figure; the median is reported")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  app.add_option("--shards", settings.shards, "graph shards of the server")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--extra-yaml", settings.extra_yaml,
                 "YAML appended to the servers' config (e.g. 'vectors.max_delay: 1ms')");
  app.add_flag("--no-batching-compare", no_batching, "skip the batching on/off comparison");
  app.add_option("--batching-workload", batching_workload,
                 "the workload of the on/off comparison (the targets are the vector "
                 "workload's)")
      ->check(CLI::IsMember(workload_names()))
      ->capture_default_str();
  app.add_option("--seed", seed, "seed of the requests' parameters")->capture_default_str();
  app.add_option("--queries", query_count, "gloss queries drawn for vector, bm25 and text")
      ->check(CLI::Range(1, 10000000))
      ->capture_default_str();
  app.add_option("--wordnet", wordnet, "the WordNet 3.0 database")->capture_default_str();
  app.add_option("--json", json_path, "also write the figures as JSON to this file");
  CLI11_PARSE(app, argc, argv);
  if (names.empty()) names = workload_names();
  if (concurrency.empty()) concurrency = {1, 16, 64};
  auto fail = [](const std::string& message) {
    std::cerr << "deepseek-bench-query: " << message << "\n";
    return 1;
  };

  std::fprintf(stderr, "reading WordNet from %s...\n", wordnet.c_str());
  auto sample = sample_wordnet(wordnet, query_count, seed);
  if (!sample) return fail(sample.error().message);
  auto workloads = make_workloads(*sample, names);

  ds::testing::TempDir dir("ds-bench-query");
  auto data = dir.path() / "main" / "data";
  fs::create_directories(data.parent_path());
  std::fprintf(stderr, "starting %s (demo import: WordNet into %u shards)...\n", server.c_str(),
               settings.shards);
  ds::bench::ServerOptions options;
  options.shards = settings.shards;
  options.demo_import = true;
  options.wordnet_dir = wordnet;
  options.extra_yaml = settings.extra_yaml;
  options.ready_within = std::chrono::seconds(120);
  auto started = ds::bench::ServerProcess::start(server, data, options);
  if (!started) return fail(started.error().message);

  print_header(settings);
  std::fflush(stdout);
  WindowOptions window;
  window.port = (*started)->http_port();
  window.seconds = settings.seconds;
  window.warmup_seconds = settings.warmup_seconds;
  window.seed = seed;
  auto figures = measure_workloads(workloads, concurrency, window, settings.runs);
  if (auto stopped = (*started)->stop(); !stopped) return fail(stopped.error().message);

  BatchingFigures batching;
  if (!no_batching) {
    BatchingOptions compare{server, data,         dir.path(), settings.shards, settings.extra_yaml,
                            window, settings.runs};
    compare.window.clients = 64;
    auto compared = make_workloads(*sample, {batching_workload});
    auto measured = compare_batching(compare, compared.front().body);
    if (measured)
      batching = std::move(measured).value();
    else
      batching.not_measured = measured.error().message;
    batching.clients = 64;
    batching.workload = batching_workload;
    print_batching(batching);
  }
  if (!json_path.empty())
    std::ofstream(json_path) << to_json(settings, figures, batching).dump(2) << "\n";

  bool errors = batching.on.errors + batching.off.errors > 0;
  for (const auto& w : figures)
    for (const auto& [clients, f] : w.by_clients)
      errors = errors || f.errors > 0;
  return errors || (!no_batching && !batching.measured) ? 1 : 0;
}
