#include "sdk/importer.hpp"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace ds::sdk {
namespace {

using Clock = std::chrono::steady_clock;
using BatchPtr = std::shared_ptr<const storage::ImportBatch>;

bool retryable(errc code) { return code == errc::unavailable || code == errc::timeout; }

/// What the sending loop and the reply callbacks share.
struct Flight {
  std::mutex mutex;
  std::condition_variable changed;
  unsigned in_flight = 0;
  std::deque<std::pair<BatchPtr, unsigned>> retry;  // batch, attempts so far
  std::optional<Error> failure;
  ImportTotals totals;
};

class Importer {
 public:
  Importer(storage::ImportSource& source, const BatchSender& send, const ImportOptions& options,
           const ImportCallbacks& callbacks)
      : source_(source), send_(send), options_(options), callbacks_(callbacks) {}

  Result<ImportTotals> run() {
    start_ = last_report_ = Clock::now();
    bool exhausted = false;
    std::unique_lock lock(flight_->mutex);
    while (!flight_->failure && !(exhausted && flight_->in_flight == 0)) {
      flight_->changed.wait_for(lock, options_.report_every, [&] {
        return flight_->failure || !flight_->retry.empty() ||
               (!exhausted && flight_->in_flight < options_.in_flight) ||
               (exhausted && flight_->in_flight == 0);
      });
      report(lock, false);
      if (callbacks_.cancelled && callbacks_.cancelled() && !flight_->failure)
        flight_->failure = make_error(errc::unavailable, "the import was cancelled");
      if (flight_->failure) break;
      if (!flight_->retry.empty()) {
        auto [batch, attempts] = flight_->retry.front();
        flight_->retry.pop_front();
        lock.unlock();
        std::this_thread::sleep_for(options_.retry_delay);
        submit(std::move(batch), attempts);
        lock.lock();
        continue;
      }
      if (exhausted || flight_->in_flight >= options_.in_flight) continue;
      lock.unlock();
      auto next = source_.next(options_.batch_items);
      lock.lock();
      if (!next) {
        // Only a bad line is skippable; a missing file or a read error is not.
        if (!options_.skip_bad || next.error().code != errc::invalid_argument) {
          flight_->failure = next.error();
          break;
        }
        ++flight_->totals.bad_lines;
        if (callbacks_.on_bad_line) callbacks_.on_bad_line(next.error());
        continue;
      }
      if (!*next) {
        exhausted = true;
        continue;
      }
      ++flight_->in_flight;
      lock.unlock();
      submit(std::make_shared<const storage::ImportBatch>(std::move(**next)), 0);
      lock.lock();
    }
    // Batches waiting for a retry are given up; replies still owed are
    // awaited, since their counts belong in the totals.
    flight_->in_flight -= static_cast<unsigned>(flight_->retry.size());
    flight_->retry.clear();
    flight_->changed.wait(lock, [&] { return flight_->in_flight == 0; });
    report(lock, true);
    if (flight_->failure) return *flight_->failure;
    return flight_->totals;
  }

 private:
  /// Sends `batch`; its reply frees its place in flight, queues a retry, or
  /// records the failure.
  void submit(BatchPtr batch, unsigned attempts) {
    auto flight = flight_;
    auto retries = options_.retries;
    send_(*batch, [flight, batch, attempts, retries](Result<void> sent) {
      std::lock_guard guard(flight->mutex);
      if (sent) {
        flight->totals.nodes += batch->nodes.size();
        flight->totals.edges += batch->edges.size();
        ++flight->totals.batches;
        --flight->in_flight;
      } else if (retryable(sent.error().code) && attempts < retries) {
        flight->retry.emplace_back(batch, attempts + 1);
      } else {
        if (!flight->failure) flight->failure = sent.error();
        --flight->in_flight;
      }
      flight->changed.notify_all();
    });
  }

  void report(std::unique_lock<std::mutex>& lock, bool final) {
    auto now = Clock::now();
    if (!final && now - last_report_ < options_.report_every) return;
    last_report_ = now;
    flight_->totals.read = source_.progress();
    flight_->totals.elapsed = now - start_;
    auto totals = flight_->totals;
    if (!callbacks_.on_progress) return;
    lock.unlock();
    callbacks_.on_progress(totals);
    lock.lock();
  }

  storage::ImportSource& source_;
  const BatchSender& send_;
  const ImportOptions& options_;
  const ImportCallbacks& callbacks_;
  std::shared_ptr<Flight> flight_ = std::make_shared<Flight>();
  Clock::time_point start_, last_report_;
};

}  // namespace

Result<ImportTotals> run_import(storage::ImportSource& source, const BatchSender& send,
                                const ImportOptions& options, const ImportCallbacks& callbacks) {
  return Importer(source, send, options, callbacks).run();
}

}  // namespace ds::sdk
