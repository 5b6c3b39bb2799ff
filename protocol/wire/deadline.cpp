#include "protocol/wire/deadline.hpp"

#include <atomic>

namespace ds::wire {
namespace {

// Read on every deadline check, from any thread; set by tests only.
std::atomic<UnixClock> deadline_clock{nullptr};

}  // namespace

int64_t unix_micros(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

int64_t now_unix_micros() {
  if (auto clock = deadline_clock.load(std::memory_order_relaxed)) return clock();
  return unix_micros(std::chrono::system_clock::now());
}

void set_deadline_clock(UnixClock clock) { deadline_clock.store(clock); }

Result<void> check_deadline(schema::RequestHeader::Reader header) {
  auto deadline = header.getDeadlineUnixMicros();
  if (deadline != 0 && deadline < now_unix_micros())
    return make_error(errc::timeout, "the request's deadline passed before it was served");
  return {};
}

}  // namespace ds::wire
