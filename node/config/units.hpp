#pragma once

// Parsing of the value syntaxes config files use: integers with ranges, sizes
// with units or percentages, durations with units. Each returns a message
// fragment on failure ("expected ..., got ..."); the caller adds where.

#include <chrono>
#include <cstdint>
#include <string_view>

#include "common/result.hpp"

namespace ds::node {

/// A whole number in [min, max].
Result<uint64_t> parse_uint(std::string_view text, uint64_t min, uint64_t max);

/// A size in bytes: `1048576`, `512MB`, `16GB`, `1.5GiB`, `64KB`. Units are
/// binary (KB = KiB = 1024 B), as in RocksDB and PostgreSQL settings. With
/// `total` > 0 a percentage (`50%`) is accepted and taken of `total`.
Result<uint64_t> parse_size(std::string_view text, uint64_t total = 0);

/// A duration: `250ms`, `30s`, `5m`, `1h`, `100us`; a bare number is
/// milliseconds (the seed writes `rpc_timeout = 30000`).
Result<std::chrono::milliseconds> parse_duration(std::string_view text);

/// Physical memory of this machine in bytes (the base of size percentages).
uint64_t physical_memory_bytes();

}  // namespace ds::node
