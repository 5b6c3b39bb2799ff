#pragma once

// The one adapter from rocksdb::Status to ds::Error.

#include <string_view>

#include <rocksdb/status.h>

#include "common/result.hpp"

namespace ds::storage {

/// `what` says what was being done: "open /data/shard-3", "write batch".
Error from_rocks(const rocksdb::Status& status, std::string_view what);

/// Result<void> of a status.
Result<void> check(const rocksdb::Status& status, std::string_view what);

}  // namespace ds::storage
