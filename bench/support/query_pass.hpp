#pragma once

// One pass over a list of queries, from several threads that each keep one
// query outstanding: each query's answer, the time it took, the failures.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench/support/timing.hpp"
#include "common/result.hpp"

namespace ds::bench {

template <class Answer>
struct QueryPass {
  double seconds = 0;
  std::vector<Answer> answers;  ///< per query, in order; `failed` where it failed
  uint64_t failures = 0;
  std::string first_error;
};

/// `ask(thread, query)` answers one query (a Result<Answer>); thread is in
/// 0..threads-1, for per-thread state such as a scoped actor.
template <class Answer, class Ask>
QueryPass<Answer> threaded_pass(const std::vector<std::string>& queries, unsigned threads,
                                Answer failed, Ask ask) {
  QueryPass<Answer> pass;
  pass.answers.assign(queries.size(), failed);
  std::atomic<std::size_t> next{0};
  std::atomic<uint64_t> failures{0};
  std::mutex error_mutex;
  auto start = Clock::now();
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      for (std::size_t i; (i = next++) < queries.size();) {
        Result<Answer> answer = ask(t, queries[i]);
        if (answer) {
          pass.answers[i] = std::move(answer).value();
        } else if (failures++ == 0) {
          std::lock_guard lock(error_mutex);
          pass.first_error = queries[i] + ": " + answer.error().message;
        }
      }
    });
  for (auto& worker : workers)
    worker.join();
  pass.seconds = seconds_since(start);
  pass.failures = failures;
  return pass;
}

}  // namespace ds::bench
