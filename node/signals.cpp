#include "node/signals.hpp"

#include <cstdlib>

#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include "runtime/exit_codes.hpp"

namespace ds::node {
namespace {

// The watcher's thread, for the forwarding handler.
std::atomic<pthread_t> watcher_thread;

/// Runs on a thread that did not block the signal: hands it to the watcher,
/// whose mask holds it pending for sigwait (pthread_kill is async-signal-safe).
void forward_to_watcher(int signal) { pthread_kill(watcher_thread.load(), signal); }

void set_handlers(void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

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
  watcher_thread = thread_.native_handle();
  set_handlers(forward_to_watcher);
}

SignalWatcher::~SignalWatcher() {
  set_handlers(SIG_DFL);  // nothing forwards to the watcher once it is gone
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
      std::_Exit(runtime::kExitFailure);
    }
  }
}

}  // namespace ds::node
