#pragma once

// Logging through spdlog's default logger: one line per event on stderr,
// `2026-11-28 20:40:24.123 info  [node] message`.

#include <string_view>

#include "common/result.hpp"

namespace ds::runtime {

/// Sets up the default logger at `level` (trace, debug, info, warn, error,
/// critical, off). Safe to call again to change the level.
Result<void> init_logging(std::string_view level);

}  // namespace ds::runtime
