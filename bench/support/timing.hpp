#pragma once

// How the benchmarks time a path: samples that repeat a pass until they last
// long enough, paths alternating, the median reported.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <vector>

namespace ds::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

inline double median(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  return xs[xs.size() / 2];
}

inline const char* verdict(bool met) { return met ? "met" : "MISSED"; }

struct Timing {
  unsigned warmup = 1;       ///< untimed samples of each path first
  unsigned runs = 3;         ///< timed samples of each path; the median is reported
  double min_seconds = 0.5;  ///< a sample repeats its pass until it lasted this long
};

/// A figure: the median queries/s of the timed samples, and the last pass.
template <class Pass>
struct Figure {
  double per_s = 0;
  Pass last;
};

/// Runs `warmup` untimed samples, then `runs` timed ones, of each of `paths`,
/// alternating between them: a machine that gets busier or quieter meanwhile
/// shifts every path's figure alike, not the ratio. A sample repeats the pass
/// (`queries` queries; a Pass has `seconds`) until it lasted `min_seconds`:
/// a pass of fast queries takes milliseconds, short enough for one
/// preemption to move its figure.
template <class RunPass>
auto measure(const Timing& timing, std::size_t queries, const std::vector<RunPass>& paths) {
  using Pass = decltype(paths.front()());
  std::vector<std::vector<double>> rates(paths.size());
  std::vector<Figure<Pass>> figures(paths.size());
  for (unsigned i = 0; i < timing.warmup + timing.runs; ++i)
    for (std::size_t p = 0; p < paths.size(); ++p) {
      double seconds = 0;
      std::size_t passes = 0;
      do {
        figures[p].last = paths[p]();
        seconds += figures[p].last.seconds;
        ++passes;
      } while (seconds < timing.min_seconds);
      if (i >= timing.warmup)
        rates[p].push_back(static_cast<double>(queries * passes) / seconds);
    }
  for (std::size_t p = 0; p < paths.size(); ++p)
    figures[p].per_s = median(rates[p]);
  return figures;
}

}  // namespace ds::bench
