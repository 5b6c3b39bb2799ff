#include "protocol/wire/deadline.hpp"

namespace ds::wire {

int64_t unix_micros(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

Result<void> check_deadline(schema::RequestHeader::Reader header) {
  auto deadline = header.getDeadlineUnixMicros();
  if (deadline != 0 && deadline < now_unix_micros())
    return make_error(errc::timeout, "the request's deadline passed before it was served");
  return {};
}

}  // namespace ds::wire
