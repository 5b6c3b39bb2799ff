#include "bench/query/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <thread>

#include "bench/query/batching_compare.hpp"
#include "bench/support/timing.hpp"

namespace ds::query_bench {
namespace {

constexpr double kPerSRatioTarget = 3;  // batching on / off, at least
constexpr double kP99RatioTarget = 2;   // batching on / off, at most

/// "%10.1f" of `x`, or "n/a" in its place when it is not a number.
std::string cell(double x, int width = 10, int decimals = 1) {
  char text[64];
  if (std::isnan(x) || std::isinf(x))
    std::snprintf(text, sizeof text, "%*s", width, "n/a");
  else
    std::snprintf(text, sizeof text, "%*.*f", width, decimals, x);
  return text;
}

void print_row(const char* label, const Figures& f) {
  std::printf("    %8s  %s  %s  %s  %8llu  %8llu\n", label, cell(f.per_s).c_str(),
              cell(f.p50_ms).c_str(), cell(f.p99_ms).c_str(),
              static_cast<unsigned long long>(f.replies),
              static_cast<unsigned long long>(f.errors));
}

void print_first_error(const Figures& f, const std::string& where) {
  if (f.errors == 0) return;
  auto text = f.first_error.size() > 400 ? f.first_error.substr(0, 400) + "..." : f.first_error;
  std::printf("    first error (%s): %s\n", where.c_str(), text.c_str());
}

nlohmann::json figures_json(const Figures& f) {
  auto number = [](double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(); };
  nlohmann::json out{{"per_s", number(f.per_s)},
                     {"p50_ms", number(f.p50_ms)},
                     {"p99_ms", number(f.p99_ms)},
                     {"replies", f.replies},
                     {"errors", f.errors}};
  if (f.errors > 0) out["first_error"] = f.first_error;
  return out;
}

}  // namespace

void print_header(const RunSettings& s) {
  std::printf(
      "query benchmark: POST /api/v1/infer over loopback HTTP to a deepseek-server child "
      "(WordNet demo graph, %u shards), %u cores\n"
      "    closed loop: each client a thread with one keep-alive connection and one request "
      "in flight\n"
      "    windows of %.1f s after %.1f s of warm-up, median of %u windows\n"
      "    requests/s: 2xx replies in the window / its length; p50, p99: their latencies; "
      "replies, errors: summed over the windows\n",
      s.shards, std::max(1u, std::thread::hardware_concurrency()), s.seconds, s.warmup_seconds,
      s.runs);
  if (!s.extra_yaml.empty()) std::printf("    extra server config: %s\n", s.extra_yaml.c_str());
}

void print_workload(const WorkloadFigures& w) {
  std::printf("\n%s: %s\n    drawn: %s\n", w.name.c_str(), w.query.c_str(), w.drawn.c_str());
  std::printf("     clients  requests/s      p50 ms      p99 ms   replies    errors\n");
  for (const auto& [clients, f] : w.by_clients)
    print_row(std::to_string(clients).c_str(), f);
  for (const auto& [clients, f] : w.by_clients)
    print_first_error(f, std::to_string(clients) + " clients");
  for (const auto& [clients, f] : w.by_clients)
    if (f.replies == 0) {
      std::printf("    n/a: no reply arrived within a window; a longer --seconds measures it\n");
      break;
    }
}

void print_batching(const BatchingFigures& b) {
  std::printf(
      "\nbatching: the %s workload at %u clients, %s 64 (on) against 1 (off, the "
      "baseline), two servers on copies of the same data, windows alternating\n",
      b.workload.c_str(), b.clients, kBatchingKey);
  if (!b.measured) {
    std::printf("    not measured: %s\n", b.not_measured.c_str());
    return;
  }
  std::printf("     batching  requests/s      p50 ms      p99 ms   replies    errors\n");
  print_row("on", b.on);
  print_row("off", b.off);
  auto per_s = b.per_s_ratio(), p99 = b.p99_ratio();
  if (b.workload != "vector") {  // graph reads: no target, the figures say what sharing buys
    std::printf("    requests/s on/off  %s\n    p99 on/off         %s\n", cell(per_s, 6, 2).c_str(),
                cell(p99, 6, 2).c_str());
  } else {
    std::printf("    requests/s on/off  %s   target >= %.0f   %s\n", cell(per_s, 6, 2).c_str(),
                kPerSRatioTarget, bench::verdict(per_s >= kPerSRatioTarget));
    std::printf("    p99 on/off         %s   target <= %.0f   %s\n", cell(p99, 6, 2).c_str(),
                kP99RatioTarget, bench::verdict(p99 <= kP99RatioTarget));
  }
  print_first_error(b.on, "batching on");
  print_first_error(b.off, "batching off");
}

nlohmann::json to_json(const RunSettings& s, const std::vector<WorkloadFigures>& workloads,
                       const BatchingFigures& b) {
  nlohmann::json out{{"benchmark", "query"},
                     {"shards", s.shards},
                     {"window_seconds", s.seconds},
                     {"warmup_seconds", s.warmup_seconds},
                     {"runs", s.runs},
                     {"extra_yaml", s.extra_yaml},
                     {"workloads", nlohmann::json::array()}};
  for (const auto& w : workloads) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& [clients, f] : w.by_clients) {
      auto row = figures_json(f);
      row["clients"] = clients;
      rows.push_back(std::move(row));
    }
    out["workloads"].push_back({{"name", w.name}, {"query", w.query}, {"figures", rows}});
  }
  if (b.measured) {
    auto per_s = b.per_s_ratio(), p99 = b.p99_ratio();
    out["batching"] = {
        {"clients", b.clients},
        {"workload", b.workload},
        {"on", figures_json(b.on)},
        {"off", figures_json(b.off)},
        {"per_s_ratio_on_off", std::isfinite(per_s) ? nlohmann::json(per_s) : nullptr},
        {"p99_ratio_on_off", std::isfinite(p99) ? nlohmann::json(p99) : nullptr},
        {"per_s_ratio_met", per_s >= kPerSRatioTarget},
        {"p99_ratio_met", p99 <= kP99RatioTarget}};
  } else if (!b.not_measured.empty()) {
    out["batching"] = {{"not_measured", b.not_measured}};
  }
  return out;
}

}  // namespace ds::query_bench
