#pragma once
// A clock for deadlines that moves only when the test moves it: a test puts
// a deadline a millisecond ahead, lets its actors take the request, then
// advances past the deadline, with no sleep and no race with a slow machine.

#include <atomic>
#include <chrono>
#include <cstdint>

#include "protocol/wire/deadline.hpp"

namespace ds::protocol::testing {

/// While one lives, every deadline in the process is read from it. It starts
/// at the system clock's time, so deadlines set from the system clock stay
/// in the future they were set for.
class ManualClock {
 public:
  ManualClock() {
    micros_ = wire::unix_micros(std::chrono::system_clock::now());
    wire::set_deadline_clock(&now);
  }
  ~ManualClock() { wire::set_deadline_clock(nullptr); }
  ManualClock(const ManualClock&) = delete;
  ManualClock& operator=(const ManualClock&) = delete;

  /// Microseconds since the Unix epoch, as deadlines read them.
  static int64_t now() { return micros_.load(); }

  void advance(std::chrono::microseconds by) { micros_ += by.count(); }

 private:
  // A clock is a plain function pointer (wire::UnixClock), so its time is static.
  static inline std::atomic<int64_t> micros_{0};
};

}  // namespace ds::protocol::testing
