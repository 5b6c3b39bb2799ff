#pragma once

// How bench/vector measures a path: the cases, batches handed out until a
// sample has lasted its time, the answers kept for recall, and the median of
// alternating samples.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bench/support/timing.hpp"
#include "bench/vector/dataset.hpp"

namespace ds::vector_bench {

using bench::Clock;
using bench::median;
using bench::seconds_since;

// FAISS parallelises one search() over its queries with OpenMP, and Flat
// batches of 20 or more through BLAS. OpenMP's thread count is per calling
// thread (a new thread starts from OMP_NUM_THREADS, else the core count), so
// every thread that calls FAISS sets it; OpenBLAS's is one global setting.
void use_faiss_threads(int threads);

enum class Kind { flat, hnsw, ivf };

struct Case {
  std::string index;  ///< the factory string
  Kind kind = Kind::flat;
  int param = 0;  ///< efSearch (hnsw), nprobe (ivf)
  std::size_t batch = 1;
  std::string params() const {
    if (kind == Kind::hnsw) return "efSearch " + std::to_string(param);
    if (kind == Kind::ivf) return "nprobe " + std::to_string(param);
    return "exact";
  }
};

/// How the paths run and are timed.
struct Run {
  unsigned threads = 2;         ///< raw search threads = actor client threads = shards
  int faiss_threads = 1;        ///< OpenMP/BLAS threads of each FAISS call
  std::size_t in_flight = 256;  ///< actors: queries outstanding in all
  unsigned warmup = 1;          ///< untimed samples of each path first
  unsigned runs = 3;            ///< timed samples of each path; the median is reported
  double min_seconds = 0.5;     ///< a sample answers batches until it lasted this long
};

/// Hands out batches (the number of their first query) until the sample
/// has lasted its time; every batch taken is answered.
class BatchSource {
 public:
  BatchSource(std::size_t cursor, std::size_t batch, double min_seconds)
      : cursor_(cursor), batch_(batch), min_seconds_(min_seconds) {}
  std::optional<std::size_t> take() {
    if (seconds_since(start_) >= min_seconds_) return std::nullopt;
    return cursor_ + batch_ * taken_++;
  }
  std::size_t answered() const { return taken_ * batch_; }
  double seconds() const { return seconds_since(start_); }

 private:
  Clock::time_point start_ = Clock::now();
  std::size_t cursor_, batch_;
  double min_seconds_;
  std::atomic<std::size_t> taken_{0};
};

/// The first answer of each query (its kTopK vector numbers), for recall;
/// later answers are the same. Claiming keeps concurrent writers apart.
class Answers {
 public:
  explicit Answers(std::size_t queries)
      : claimed_(new std::atomic<bool>[queries]()), numbers_(queries * kTopK, -1) {}
  /// Where query `q`'s answer goes, for the first caller only.
  int64_t* claim(std::size_t q) {
    return claimed_[q].exchange(true) ? nullptr : numbers_.data() + q * kTopK;
  }
  /// Mean recall@kTopK over the answered queries, and how many those were.
  std::pair<double, std::size_t> recall(const std::vector<int64_t>& truth) const {
    std::size_t covered = 0, found = 0;
    for (std::size_t q = 0; q < truth.size() / kTopK; ++q) {
      if (!claimed_[q]) continue;
      ++covered;
      const int64_t* mine = numbers_.data() + q * kTopK;
      for (std::size_t i = 0; i < kTopK; ++i)
        found += std::count(mine, mine + kTopK, truth[q * kTopK + i]);
    }
    return {covered ? double(found) / double(covered * kTopK) : 0.0, covered};
  }

 private:
  std::unique_ptr<std::atomic<bool>[]> claimed_;
  std::vector<int64_t> numbers_;
};

struct Sample {
  std::size_t answered = 0;
  double seconds = 0;
  uint64_t failures = 0;
  std::string first_error;
};

struct Scored {
  float score = 0;  ///< smaller is closer
  int64_t id = 0;
};

void keep_best(std::vector<Scored>& hits);

/// A path's figure: the median queries/s of its timed samples, its recall.
struct Figure {
  double per_s = 0;
  double recall = 0;
  std::size_t covered = 0;  ///< queries the recall is over
  uint64_t failures = 0;
  std::string first_error;
};

/// A path: takes the query cursor and the answers, runs one sample.
using Path = std::function<Sample(std::size_t cursor, Answers& answers)>;

/// Runs `warmup` untimed samples, then `runs` timed ones, of each of `paths`,
/// alternating: a machine that gets busier or quieter meanwhile shifts every
/// path's figure alike, not the ratio.
std::vector<Figure> measure(const Run& run, const Dataset& data, const std::vector<int64_t>& truth,
                            const std::vector<Path>& paths);

}  // namespace ds::vector_bench
