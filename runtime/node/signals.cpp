#include "runtime/node/signals.hpp"

#include <cstdlib>

#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include "runtime/exit_codes.hpp"

namespace ds::runtime {
namespace {

// SIGUSR1 only wakes the watcher when it is destroyed.
sigset_t watched_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGUSR1);
  return set;
}

}  // namespace

SignalWatcher::SignalWatcher(std::function<void(int)> on_first) : on_first_(std::move(on_first)) {
  sigset_t set = watched_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  thread_ = std::thread([this] { watch(); });
}

SignalWatcher::~SignalWatcher() {
  stopping_ = true;
  pthread_kill(thread_.native_handle(), SIGUSR1);
  thread_.join();
}

void SignalWatcher::watch() {
  sigset_t set = watched_signals();
  int received = 0;
  for (;;) {
    int signal = 0;
    if (sigwait(&set, &signal) != 0) continue;
    if (signal == SIGUSR1) {
      if (stopping_) return;
      continue;
    }
    if (++received == 1) {
      spdlog::info("received {}: draining (send it again to exit at once)", strsignal(signal));
      on_first_(signal);
    } else {
      spdlog::warn("received {} again: exiting at once", strsignal(signal));
      spdlog::default_logger()->flush();
      std::_Exit(kExitFailure);
    }
  }
}

}  // namespace ds::runtime
