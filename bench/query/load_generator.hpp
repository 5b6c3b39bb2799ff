#pragma once

// The load: --clients threads, each with its own keep-alive connection,
// sending POST /api/v1/infer and waiting for the reply before the next
// (closed loop), for a warm-up and then a timed window.

#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace ds::query_bench {

/// The JSON body of one request, drawn from the client thread's own random
/// source. Called from every client thread at once: it must only read shared state.
using BodyMaker = std::function<std::string(std::mt19937_64& random)>;

struct WindowOptions {
  uint16_t port = 0;  ///< the server's HTTP port on 127.0.0.1
  unsigned clients = 1;
  double warmup_seconds = 0.5;  ///< replies before the window are not counted
  double seconds = 3;
  uint64_t seed = 42;  ///< client t draws from a generator seeded from seed and t
};

/// What one window measured, or the median of several.
struct Figures {
  double per_s = 0;  ///< 2xx replies that arrived in the window, per second
  double p50_ms = std::numeric_limits<double>::quiet_NaN();  ///< of the 2xx replies' latencies
  double p99_ms = std::numeric_limits<double>::quiet_NaN();  ///< NaN when there were none
  uint64_t replies = 0;  ///< 2xx replies in the window (summed over windows in a median)
  uint64_t errors = 0;   ///< non-2xx replies and failed exchanges in the window (summed)
  std::string first_error;
};

/// Runs the clients for warm-up plus window; the threads end with the
/// request they have in flight when the window closes (its reply not counted).
Figures run_window(const WindowOptions& options, const BodyMaker& body);

/// Medians of per_s, p50 and p99 over `windows`; replies and errors summed.
Figures median_of(const std::vector<Figures>& windows);

}  // namespace ds::query_bench
