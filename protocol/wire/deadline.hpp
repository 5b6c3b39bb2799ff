#pragma once

// Deadlines in RequestHeader are absolute wall-clock microseconds since the
// Unix epoch (schema/common.capnp): the same after any number of hops.

#include <chrono>
#include <cstdint>

#include "common/result.hpp"
#include "schema/common.capnp.h"

namespace ds::wire {

int64_t unix_micros(std::chrono::system_clock::time_point t);
inline int64_t now_unix_micros() { return unix_micros(std::chrono::system_clock::now()); }

/// errc::timeout when the header's deadline (0: none) has passed.
Result<void> check_deadline(schema::RequestHeader::Reader header);

}  // namespace ds::wire
