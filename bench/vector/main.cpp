// bench/vector: vector search through the vector shard actors against raw FAISS,
// on --vectors clustered random vectors of --dim components (fixed --seed).
//   Data: --clusters centres drawn from N(0, 1); a vector is a centre, plus a
//       point of that cluster's own random --latent-dims-dimensional subspace
//       (--spread per component), plus isotropic noise (--noise per component).
//       Embeddings lie near low-dimensional structures; isotropic noise in 128
//       dimensions would leave every point about as far from a query as any
//       other, which no approximate index can rank (--latent-dims 0 gives that
//       case). --queries held-out queries are drawn the same way from their own
//       random stream. Truth: the exact 10 nearest of each, by brute force.
//   For each --index factory string (Flat; HNSW32 at each --ef-search;
//   IVF4096,Flat at each --nprobe), at each --batch (queries per FAISS call
//   or per request: 1 and 64), metric L2:
//   (a) raw FAISS, built like the space's own indexes (build_faiss_index),
//       searched from T = --shards threads, each calling search() with a
//       batch at a time. The baseline (--raw-layout sharded, the default): one
//       index per shard over that shard's vectors, each batch searched in
//       every one and merged: the actors' work without the actors, so the
//       ratio is what the actors cost. (--raw-layout one: one index over every
//       vector, which for HNSW and IVF does about half the work of two shards
//       that each search with the full efSearch / nprobe: that ratio is what
//       sharding costs too; docs/vector-search.md.)
//   (b) actors: the vectors written into --shards GraphStores in a temp dir,
//       each under the node "v<number>" in the store of its key's shard, as the
//       graph shards place nodes; one detached vector_shard actor per store,
//       which builds its index from the store. T client threads send one
//       VectorSearchRequest envelope per batch to every shard and merge the
//       shards' top 10s exactly, as a gateway would, keeping --in-flight
//       queries outstanding in all (so the shards batch what arrives together,
//       up to 64 queries per FAISS call).
//   Threads: FAISS searches run on T threads in both paths (the raw threads;
//   the shards' own), and each FAISS call on --faiss-threads OpenMP and BLAS
//   threads (1: T callers on T cores, no oversubscription). The actors' client
//   threads come on top: encoding, messaging and merging are the overhead
//   measured. Builds are timed on stderr: the raw one on every core, the
//   shards' at once, each on --faiss-threads (one core each by default).
// Figures are the median of --runs samples of each path after --warmup
// untimed ones, the two paths' samples alternating; a sample answers batches,
// going on round the query set where the last one stopped, until it lasted
// --min-seconds. Recall@10 is over every query a path answered in any sample
// (all of them, unless a path is very slow). Printed with the ratio actors/raw.
//
// --data text replaces the random vectors with the demo's text space (every
// WordNet synset's lemmas and gloss by the built-in encoder, --dim 256) and
// queries of 2-4 words from random glosses (bench/vector/text_dataset.hpp).
//
//   deepseek-bench-vector [--data clustered|text] [--vectors 1000000] [--dim 128] [--queries 1000] [--shards 2]
//                         [--index Flat --index HNSW32 --index IVF4096,Flat] [--runs 3]
//                         [--ef-construction 200] [--raw-layout sharded|one]
//                         [--min-seconds 0.5] [--seed 42] [--json out.json]

#include <cctype>
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>
#include <cblas.h>
#include <nlohmann/json.hpp>

#include "bench/vector/dataset.hpp"
#include "bench/vector/raw_faiss.hpp"
#include "bench/vector/report.hpp"
#include "bench/vector/samples.hpp"
#include "bench/vector/shard_actors.hpp"
#include "bench/vector/text_dataset.hpp"
#include "common/testing/temp_dir.hpp"
#include "storage/vector/vector_index.hpp"

namespace ds::vector_bench {
namespace {

/// A space name ([a-z0-9_-]) for a factory string: "IVF4096,Flat" -> "ivf4096_flat".
std::string space_name(const std::string& factory) {
  std::string name = "bench_";
  for (char c : factory)
    name += std::isalnum(static_cast<unsigned char>(c))
                ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
                : '_';
  return name.substr(0, 64);
}

/// The 1-minute load average: other work on the machine shows in the figures.
double load_average() {
  double load = -1;
  std::ifstream("/proc/loadavg") >> load;
  return load;
}

struct Options {
  DataOptions data;
  Run run;
  uint32_t shards = 2;
  std::vector<std::string> indexes{"Flat", "HNSW32", "IVF4096,Flat"};
  std::vector<int> ef_search{16, 32, 64, 128};
  std::vector<int> nprobe{8, 32, 128};
  std::vector<std::size_t> batches{1, 64};
  int ef_construction = 200;  ///< HNSW spaces: FAISS's default of 40 links clusters poorly
  std::string raw_layout = "sharded";
  std::string data_set = "clustered";  ///< or "text": the demo's text space
  std::filesystem::path wordnet = "/usr/share/wordnet";
  std::string json_path;
};

/// The vectors a shard needs before it trains an IVF index of `nlist` lists
/// (vector_index.hpp: 39 per list); until then it searches exactly.
bool shards_still_exact(const ShardStores& stores, std::size_t nlist) {
  for (const auto& part : stores.parts())
    if (part.size() < 39 * nlist) return true;
  return false;
}

/// Builds `factory` both ways and measures its cases, with progress on stderr.
Result<IndexFigures> bench_index(const std::string& factory, const Options& o, const Dataset& data,
                                 const std::vector<int64_t>& truth, ShardStores& stores,
                                 ShardActors& actors) {
  IndexFigures out;
  out.index = factory;
  VectorSpaceSpec spec{space_name(factory), data.dim, ds::storage::Metric::l2, factory, {}};
  if (factory.starts_with("HNSW")) spec.ef_construction = o.ef_construction;
  // The raw build on every core: OpenMP in this thread, and BLAS.
  auto cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  use_faiss_threads(cores);
  openblas_set_num_threads(cores);
  std::fprintf(stderr, "%s: building the raw FAISS index (%s)...\n", factory.c_str(),
               o.raw_layout.c_str());
  auto raw = RawIndex::build(
      spec, data,
      o.raw_layout == "sharded" ? stores.parts() : std::vector<std::vector<int64_t>>(1));
  if (!raw) return raw.error();
  out.raw_train_s = (*raw)->train_s;
  out.raw_add_s = (*raw)->add_s;
  std::fprintf(stderr, "%s: raw index built: train %.1f s, add %.1f s\n", factory.c_str(),
               out.raw_train_s, out.raw_add_s);
  // From here every FAISS call (searches; the shards' builds, in parallel)
  // runs on --faiss-threads.
  openblas_set_num_threads(o.run.faiss_threads);
  auto start = Clock::now();
  if (auto ok = stores.put_space(spec, data); !ok) return ok.error();
  out.store_s = seconds_since(start);
  std::fprintf(stderr, "%s: vectors written to the shard stores and compacted in %.1f s\n",
               factory.c_str(), out.store_s);
  start = Clock::now();
  if (auto ok = actors.build(spec.name, data); !ok) return ok.error();
  out.actors_build_s = seconds_since(start);
  std::fprintf(stderr, "%s: the shards built their indexes in %.1f s\n", factory.c_str(),
               out.actors_build_s);

  auto kind = (*raw)->kind();
  if (kind == Kind::ivf && shards_still_exact(stores, (*raw)->nlist()))
    out.warning = "a shard holds fewer than 39 x " + std::to_string((*raw)->nlist()) +
                  " vectors, so its index is still the exact stand-in, not IVF";
  auto params = kind == Kind::hnsw ? o.ef_search : kind == Kind::ivf ? o.nprobe : std::vector{0};
  for (int param : params)
    for (auto batch : o.batches) {
      Case c{factory, kind, param, batch};
      (*raw)->set(c);
      std::fprintf(stderr, "%s %s, batch %zu\n", factory.c_str(), c.params().c_str(), batch);
      auto figures = measure(o.run, data, truth,
                             {[&](std::size_t cursor, Answers& answers) {
                                return raw_sample(**raw, data, c, o.run, cursor, answers);
                              },
                              [&](std::size_t cursor, Answers& answers) {
                                return actor_sample(actors, stores, spec.name, data, c, o.run,
                                                    cursor, answers);
                              }});
      out.cases.push_back(c);
      out.raw.push_back(figures[0]);
      out.actors.push_back(figures[1]);
    }
  actors.drop(spec.name);
  return out;
}

}  // namespace
}  // namespace ds::vector_bench

using namespace ds::vector_bench;

int main(int argc, char** argv) {
  CLI::App app{
      "Vector search on clustered random vectors: recall@10 and queries/s through the vector "
      "shard actors against raw FAISS with the same number of threads"};
  Options o;
  auto& d = o.data;
  app.add_option("--vectors", d.vectors, "vectors indexed")
      ->check(CLI::Range(std::size_t{1000}, std::size_t{100'000'000}))
      ->capture_default_str();
  app.add_option("--dim", d.dim, "components per vector")
      ->check(CLI::Range(1u, 4096u))
      ->capture_default_str();
  app.add_option("--queries", d.queries, "held-out queries")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}))
      ->capture_default_str();
  app.add_option("--clusters", d.clusters, "cluster centres")
      ->check(CLI::Range(1u, 1'000'000u))
      ->capture_default_str();
  app.add_option("--latent-dims", d.latent_dims,
                 "dimensions of each cluster's own subspace (0: isotropic clusters)")
      ->capture_default_str();
  app.add_option("--spread", d.spread, "per-component deviation along a cluster's subspace")
      ->capture_default_str();
  app.add_option("--noise", d.noise, "per-component isotropic deviation")->capture_default_str();
  app.add_option("--seed", d.seed, "seed of the vectors and queries")->capture_default_str();
  app.add_option("--shards", o.shards,
                 "vector shards; also the raw path's threads and the actors' client threads")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--index", o.indexes, "a FAISS factory string; repeat for several")
      ->capture_default_str();
  app.add_option("--ef-search", o.ef_search, "HNSW efSearch values")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--nprobe", o.nprobe, "IVF nprobe values")->delimiter(',')->capture_default_str();
  app.add_option("--batch", o.batches, "queries per FAISS call or request")
      ->delimiter(',')
      ->check(CLI::Range(std::size_t{1}, std::size_t{4096}))
      ->capture_default_str();
  app.add_option("--ef-construction", o.ef_construction,
                 "HNSW: candidates while linking each vector (a space's params.efConstruction)")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  app.add_option("--raw-layout", o.raw_layout,
                 "raw FAISS: one index over every vector, or one per shard, merged")
      ->check(CLI::IsMember({"one", "sharded"}))
      ->capture_default_str();
  app.add_option("--faiss-threads", o.run.faiss_threads, "OpenMP and BLAS threads per FAISS call")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--in-flight", o.run.in_flight, "actors: queries outstanding in all")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}))
      ->capture_default_str();
  app.add_option("--runs", o.run.runs, "timed samples per figure (the median is reported)")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  app.add_option("--warmup", o.run.warmup, "untimed samples before them")->capture_default_str();
  app.add_option("--min-seconds", o.run.min_seconds,
                 "a sample answers batches until it lasted this long")
      ->check(CLI::Range(0.01, 600.0))
      ->capture_default_str();
  app.add_option("--data", o.data_set,
                 "clustered: random vectors (--vectors, --dim, ...); text: the demo's text "
                 "space, every WordNet synset by the built-in encoder (--dim 256), queries of "
                 "2-4 gloss words")
      ->check(CLI::IsMember({"clustered", "text"}))
      ->capture_default_str();
  app.add_option("--wordnet", o.wordnet, "--data text: the WordNet 3.0 database")
      ->capture_default_str();
  app.add_option("--json", o.json_path, "also write the figures as JSON to this file");
  CLI11_PARSE(app, argc, argv);
  if (o.data_set == "text" && app.count("--dim") == 0) d.dim = 256;  // the demo space's
  o.run.threads = o.shards;

  auto fail = [](const std::string& message) {
    std::cerr << "deepseek-bench-vector: " << message << "\n";
    return 1;
  };
  if (d.latent_dims > d.dim) return fail("--latent-dims may not exceed --dim");
  for (const auto& factory : o.indexes)
    if (auto ok = ds::storage::VectorIndex::check(
            {space_name(factory), d.dim, ds::storage::Metric::l2, factory, {}});
        !ok)
      return fail(ok.error().message);

  auto cores = std::max(1u, std::thread::hardware_concurrency());
  if (o.data_set == "text")
    std::printf(
        "vector benchmark: the demo's text space (WordNet synsets by the built-in encoder, "
        "dim %u), %zu queries of 2-4 gloss words (seed %" PRIu64 "), %u shards, %u cores\n",
        d.dim, d.queries, d.seed, o.shards, cores);
  else
    std::printf(
        "vector benchmark: %zu x %u clustered random vectors (%u clusters, %u latent dims, "
        "seed %" PRIu64 "), %zu queries, %u shards, %u cores\n",
        d.vectors, d.dim, d.clusters, d.latent_dims, d.seed, d.queries, o.shards, cores);
  std::fflush(stdout);  // before the progress lines on stderr
  auto started = Clock::now();
  auto load_before = load_average();
  auto start = Clock::now();
  Dataset data;
  if (o.data_set == "text") {
    auto text = text_dataset(o.wordnet, d.dim, d.queries, d.seed);
    if (!text) return fail(text.error().message);
    data = std::move(text).value();
  } else {
    data = make_dataset(d);
  }
  std::fprintf(stderr, "data drawn in %.1f s\n", seconds_since(start));
  start = Clock::now();
  use_faiss_threads(static_cast<int>(cores));
  openblas_set_num_threads(static_cast<int>(cores));
  auto truth = exact_neighbours(data);
  std::fprintf(stderr, "exact top %zu by brute force in %.1f s\n", kTopK, seconds_since(start));

  ds::testing::TempDir dir("ds-bench-vector");
  start = Clock::now();
  auto stores = ShardStores::create(dir.path(), o.shards, data.size());
  if (!stores) return fail(stores.error().message);
  std::fprintf(stderr, "%zu nodes written to %u shard stores in %.1f s\n", data.size(), o.shards,
               seconds_since(start));
  auto actors = ShardActors::start(**stores, o.run.faiss_threads);
  if (!actors) return fail(actors.error().message);

  std::vector<IndexFigures> all;
  for (const auto& factory : o.indexes) {
    auto figures = bench_index(factory, o, data, truth, **stores, **actors);
    if (!figures) return fail(factory + ": " + figures.error().message);
    all.push_back(std::move(figures).value());
  }
  actors->reset();

  std::printf(
      "    raw:    %s, %u threads, each searching one batch at a time\n"
      "    actors: %u detached vector shards over RocksDB stores; %u client threads, %zu "
      "queries in flight, each batch scattered to every shard and merged exactly\n"
      "    every FAISS call on %d OpenMP/BLAS thread(s); median of %u samples of >= "
      "%.2f s of each path, alternating\n",
      o.raw_layout == "one" ? "one FAISS index over every vector"
                            : "one FAISS index per shard, merged",
      o.run.threads, o.shards, o.run.threads, o.run.in_flight, o.run.faiss_threads, o.run.runs,
      o.run.min_seconds);
  print_builds(all);
  print_table(all, data.query_count());
  print_summary(all, data.size());
  std::printf("\n    %.0f s in all; load average %.2f at the start, %.2f at the end\n",
              seconds_since(started), load_before, load_average());
  if (!o.json_path.empty())
    std::ofstream(o.json_path) << nlohmann::json{{"benchmark", "vector"},
                                                 {"vectors", data.size()},
                                                 {"dim", d.dim},
                                                 {"queries", data.query_count()},
                                                 {"clusters", d.clusters},
                                                 {"latent_dims", d.latent_dims},
                                                 {"spread", d.spread},
                                                 {"noise", d.noise},
                                                 {"seed", d.seed},
                                                 {"shards", o.shards},
                                                 {"cores", cores},
                                                 {"raw_layout", o.raw_layout},
                                                 {"faiss_threads", o.run.faiss_threads},
                                                 {"in_flight", o.run.in_flight},
                                                 {"runs", o.run.runs},
                                                 {"min_seconds", o.run.min_seconds},
                                                 {"indexes", to_json(all)}}
                                      .dump(2)
                               << "\n";
  return 0;
}

