#pragma once

// Deadlines in RequestHeader are absolute wall-clock microseconds since the
// Unix epoch (schema/common.capnp): the same after any number of hops.

#include <chrono>
#include <cstdint>

#include "common/result.hpp"
#include "schema/common.capnp.h"

namespace ds::wire {

int64_t unix_micros(std::chrono::system_clock::time_point t);

/// The time deadlines are checked against: the system clock, unless a test
/// has put in its own (testing/manual_clock.hpp) to pass a deadline without
/// waiting for it.
int64_t now_unix_micros();

/// A clock for deadlines: microseconds since the Unix epoch.
using UnixClock = int64_t (*)();

/// Makes `clock` the one deadlines read, process-wide; nullptr puts the
/// system clock back. For tests; the server never calls it.
void set_deadline_clock(UnixClock clock);

/// errc::timeout when the header's deadline (0: none) has passed.
Result<void> check_deadline(schema::RequestHeader::Reader header);

}  // namespace ds::wire
