#pragma once

// What every request of one query carries to the shards: its deadline and
// its priority (docs/serving.md says where priority counts).

#include <cstdint>

#include "schema/common.capnp.h"

namespace ds::actors {

/// What every request of one query carries.
struct QueryScope {
  int64_t deadline_unix_micros = 0;  ///< 0: none
  schema::Priority priority = schema::Priority::NORMAL;

  void stamp(schema::RequestHeader::Builder header) const {
    header.setDeadlineUnixMicros(deadline_unix_micros);
    header.setPriority(priority);
  }
};

}  // namespace ds::actors
