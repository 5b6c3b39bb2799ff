// bench/kernels: exact kNN on each backend this machine has (the GPUs, then
// the CPU): queries/s and effective GB/s (base bytes read per second: a
// batch reads the base once) for each base size, precision, k and batch,
// medians of --repeats runs, with the bytes the batch's queries scan per
// second (batch times that) beside them. The
// baselines measured in the same run: the device's copy bandwidth (kNN's
// GB/s is printed as a fraction of it) and fp32 (other precisions print
// their throughput as a multiple of fp32's). Then training steps per model,
// fused against unfused (training.hpp).
//
//   deepseek-bench-kernels                      # CPU: 1M x 128
//   deepseek-bench-kernels --rows 1000000,10000000,20000000 --precision fp32,tf32,bf16,fp16

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "bench/kernels/training.hpp"
#include "kernels/select_backend.hpp"

using namespace ds;
using namespace ds::kernels;

namespace {

struct Options {
  std::vector<std::size_t> rows{1000000};
  uint32_t dim = 128;
  std::vector<std::size_t> ks{10, 100};
  std::vector<std::size_t> batches{1, 16, 256, 4096};
  std::vector<std::string> precisions{"fp32", "bf16", "fp16"};
  int repeats = 5;
  bool gpu_only = false;
  std::size_t cpu_max_rows = 1000000;  ///< the CPU takes minutes beyond
  std::string json;
  bool skip_knn = false;
  bool skip_training = false;
  bench::TrainingOptions training;
};

/// Uniform values from a fast generator: a 20M x 128 base takes seconds.
std::vector<float> random_values(std::size_t count, uint64_t seed) {
  std::vector<float> out(count);
  uint64_t state = seed * 0x9E3779B97F4A7C15ull + 1;
  for (auto& v : out) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    v = static_cast<float>(state >> 40) / static_cast<float>(1 << 24) - 0.5f;
  }
  return out;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

struct Figure {
  std::string device, precision;
  std::size_t rows, k, batch;
  double queries_per_s, gb_per_s;
};

void run_backend(Backend& backend, const Options& options, std::vector<Figure>& figures,
                 nlohmann::json& report) {
  const auto& device = backend.device();
  bool cpu = device.kind == DeviceInfo::Kind::cpu;
  auto copy = backend.copy_bytes_per_second(std::size_t{1} << 30);
  double copy_gbps = copy ? *copy / 1e9 : 0;
  std::printf("\n== %s: copy bandwidth %.1f GB/s (read + write)\n", device.name.c_str(), copy_gbps);
  report["devices"].push_back({{"name", device.name}, {"copy_gb_per_s", copy_gbps}});
  for (auto rows : options.rows) {
    if (cpu && rows > options.cpu_max_rows) continue;
    auto values = random_values(rows * options.dim, rows);
    std::vector<int64_t> ids(rows);
    for (std::size_t i = 0; i < rows; ++i)
      ids[i] = static_cast<int64_t>(i);
    std::map<std::string, double> fp32_qps;  // "k/batch" -> fp32's queries/s
    for (const auto& name : options.precisions) {
      auto precision = *parse_precision(name);
      if (cpu && precision == Precision::tf32) continue;  // the same as fp32 there
      auto base = backend.upload({options.dim, Metric::l2, precision}, values, ids);
      if (!base) {
        std::printf("  %zu rows %s: %s\n", rows, name.c_str(), base.error().message.c_str());
        continue;
      }
      double base_bytes = static_cast<double>(rows) * options.dim *
                          static_cast<double>(bytes_per_value((*base)->spec().precision));
      std::printf("  %zu x %u %s (pool: %.2f GB reserved, fragmentation %.3f)\n", rows, options.dim,
                  name.c_str(), backend.pool_stats().reserved_bytes / 1e9,
                  backend.pool_stats().fragmentation_ratio());
      for (auto k : options.ks)
        for (auto batch : options.batches) {
          if (cpu && batch * rows > std::size_t{1} << 32) continue;  // minutes per run
          auto queries = random_values(batch * options.dim, 7 + batch);
          std::vector<double> seconds;
          for (int r = 0; r < options.repeats + 1; ++r) {
            auto start = std::chrono::steady_clock::now();
            auto found = backend.knn(**base, queries, k);
            std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
            if (!found) {
              std::printf("    k %zu batch %zu: %s\n", k, batch, found.error().message.c_str());
              break;
            }
            if (r > 0) seconds.push_back(took.count());  // the first warms up
          }
          if (seconds.empty()) continue;
          double s = median(seconds);
          Figure f{device.name,         name, rows, k, batch, static_cast<double>(batch) / s,
                   base_bytes / s / 1e9};
          auto key = std::to_string(k) + "/" + std::to_string(batch);
          if (name == "fp32") fp32_qps[key] = f.queries_per_s;
          // Each query scans the whole base; a batch reads it once.
          const double scanned_gbps = f.gb_per_s * static_cast<double>(batch);
          std::printf(
              "    k %4zu batch %5zu: %10.0f q/s  %8.1f GB/s (%.2f of copy), scans %9.0f GB/s", k,
              batch, f.queries_per_s, f.gb_per_s, copy_gbps > 0 ? f.gb_per_s / copy_gbps : 0.0,
              scanned_gbps);
          if (name != "fp32" && fp32_qps.count(key))
            std::printf("  %.2fx fp32", f.queries_per_s / fp32_qps[key]);
          std::printf("\n");
          report["knn"].push_back(
              {{"device", f.device},
               {"precision", name},
               {"rows", rows},
               {"dim", options.dim},
               {"k", k},
               {"batch", batch},
               {"queries_per_s", f.queries_per_s},
               {"gb_per_s", f.gb_per_s},
               {"fraction_of_copy", copy_gbps > 0 ? f.gb_per_s / copy_gbps : 0.0},
               {"scanned_gb_per_s", f.gb_per_s * static_cast<double>(batch)}});
          figures.push_back(f);
        }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{"deepseek-bench-kernels: exact kNN throughput per backend and precision"};
  app.add_option("--rows", options.rows, "base sizes")->delimiter(',');
  app.add_option("--dim", options.dim, "vector width");
  app.add_option("--k", options.ks, "k values")->delimiter(',');
  app.add_option("--batch", options.batches, "queries per search")->delimiter(',');
  app.add_option("--precision", options.precisions, "fp32,tf32,bf16,fp16")->delimiter(',');
  app.add_option("--repeats", options.repeats, "timed runs per figure (median)");
  app.add_option("--cpu-max-rows", options.cpu_max_rows, "larger bases skip the CPU");
  app.add_flag("--gpu-only", options.gpu_only, "skip the CPU backend");
  app.add_option("--json", options.json, "also write the figures here");
  app.add_flag("--no-knn", options.skip_knn, "only the training steps");
  app.add_flag("--no-training", options.skip_training, "only kNN");
  app.add_option("--train-entities", options.training.entities, "entities of the training graph");
  app.add_option("--train-dim", options.training.dim, "embedding width");
  app.add_option("--train-batch", options.training.batch, "positives per step");
  app.add_option("--train-negatives", options.training.negatives, "negatives per chunk");
  app.add_option("--train-steps", options.training.steps, "timed steps per figure (median)");
  app.add_option("--model", options.training.models, "transe_l2,distmult,complex,rotate,...")
      ->delimiter(',');
  app.add_option("--train-precision", options.training.precisions, "fp32,bf16,fp16")
      ->delimiter(',');
  CLI11_PARSE(app, argc, argv);
  for (const auto& p : options.precisions)
    if (auto ok = parse_precision(p); !ok) {
      std::fprintf(stderr, "deepseek-bench-kernels: %s\n", ok.error().message.c_str());
      return 2;
    }

  std::string note;
  auto backends = all_backends(note);
  if (!note.empty()) std::printf("%s\n", note.c_str());
  nlohmann::json report;
  std::vector<Figure> figures;
  for (auto& backend : backends) {
    if (options.gpu_only && backend->device().kind == DeviceInfo::Kind::cpu) continue;
    if (!options.skip_knn) run_backend(*backend, options, figures, report);
    if (!options.skip_training) bench::run_training(*backend, options.training, report);
  }
  if (!options.json.empty()) {
    std::FILE* out = std::fopen(options.json.c_str(), "w");
    if (out == nullptr) return 1;
    std::fputs(report.dump(2).c_str(), out);
    std::fclose(out);
  }
  return 0;
}
