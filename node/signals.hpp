#pragma once

// SIGTERM/SIGINT handling: the first signal starts a graceful drain, a second
// one exits at once. Signals are taken synchronously by a dedicated thread
// (sigwait), so the reaction runs as ordinary code, not in a signal handler.

#include <atomic>
#include <functional>
#include <thread>

namespace ds::node {

class SignalWatcher {
 public:
  /// Blocks SIGINT and SIGTERM in the calling thread, so construct it before
  /// any other thread starts: threads inherit the mask and only the watcher
  /// takes the signals. Threads that libraries start before main (OpenBLAS
  /// starts its pool in a constructor) do not block them: a handler on such a
  /// thread passes the signal on to the watcher. `on_first` runs on the
  /// watcher thread.
  explicit SignalWatcher(std::function<void(int signal)> on_first);
  ~SignalWatcher();

  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  void watch();

  std::function<void(int)> on_first_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace ds::node
