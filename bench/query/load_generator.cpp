#include "bench/query/load_generator.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "bench/query/http_connection.hpp"
#include "bench/support/timing.hpp"

namespace ds::query_bench {
namespace {

using bench::Clock;

/// What one client thread saw in the window.
struct ClientLog {
  std::vector<double> latencies_ms;
  uint64_t errors = 0;
  std::string first_error;
};

void run_client(const WindowOptions& options, const BodyMaker& body, unsigned client,
                Clock::time_point window_start, Clock::time_point window_end, ClientLog& log) {
  std::mt19937_64 random(options.seed * 1000003 + client);
  HttpConnection connection(options.port);
  while (Clock::now() < window_end) {
    auto json = body(random);
    auto sent = Clock::now();
    auto reply = connection.post("/api/v1/infer", std::move(json));
    auto done = Clock::now();
    if (done < window_start || done > window_end) continue;
    if (reply && reply->status / 100 == 2) {
      log.latencies_ms.push_back(std::chrono::duration<double, std::milli>(done - sent).count());
    } else if (log.errors++ == 0) {
      log.first_error = reply ? "HTTP " + std::to_string(reply->status) + ": " + reply->body
                              : reply.error().message;
    }
  }
}

/// The q-quantile of sorted `xs` (nearest rank); NaN when empty.
double quantile(const std::vector<double>& xs, double q) {
  if (xs.empty()) return std::numeric_limits<double>::quiet_NaN();
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(xs.size())));
  return xs[std::clamp<std::size_t>(rank, 1, xs.size()) - 1];
}

/// The median of the numbers that are not NaN; NaN when there are none.
double median_of_known(std::vector<double> xs) {
  std::erase_if(xs, [](double x) { return std::isnan(x); });
  return xs.empty() ? std::numeric_limits<double>::quiet_NaN() : bench::median(std::move(xs));
}

}  // namespace

Figures run_window(const WindowOptions& options, const BodyMaker& body) {
  auto window_start = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                         std::chrono::duration<double>(options.warmup_seconds));
  auto window_end = window_start + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>(options.seconds));
  std::vector<ClientLog> logs(options.clients);
  {
    std::vector<std::jthread> clients;
    for (unsigned c = 0; c < options.clients; ++c)
      clients.emplace_back(run_client, std::cref(options), std::cref(body), c, window_start,
                           window_end, std::ref(logs[c]));
  }
  Figures figures;
  std::vector<double> latencies;
  for (auto& log : logs) {
    latencies.insert(latencies.end(), log.latencies_ms.begin(), log.latencies_ms.end());
    figures.errors += log.errors;
    if (figures.first_error.empty()) figures.first_error = std::move(log.first_error);
  }
  std::sort(latencies.begin(), latencies.end());
  figures.replies = latencies.size();
  figures.per_s = static_cast<double>(latencies.size()) / options.seconds;
  figures.p50_ms = quantile(latencies, 0.50);
  figures.p99_ms = quantile(latencies, 0.99);
  return figures;
}

Figures median_of(const std::vector<Figures>& windows) {
  Figures out;
  std::vector<double> per_s, p50, p99;
  for (const auto& w : windows) {
    per_s.push_back(w.per_s);
    p50.push_back(w.p50_ms);
    p99.push_back(w.p99_ms);
    out.replies += w.replies;
    out.errors += w.errors;
    if (out.first_error.empty()) out.first_error = w.first_error;
  }
  out.per_s = median_of_known(per_s);
  out.p50_ms = median_of_known(p50);
  out.p99_ms = median_of_known(p99);
  return out;
}

}  // namespace ds::query_bench
