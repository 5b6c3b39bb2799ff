#pragma once

// Process exit codes of deepseek-server and deepseek-cli (documented in the
// README; orchestrators and scripts rely on them).

namespace ds::runtime {

inline constexpr int kExitOk = 0;       ///< finished, or drained after SIGTERM/SIGINT
inline constexpr int kExitFailure = 1;  ///< a runtime failure (port in use, a subsystem gave up)
inline constexpr int kExitUsage = 2;    ///< bad command line: usage was printed
inline constexpr int kExitConfig = 78;  ///< invalid configuration (EX_CONFIG from sysexits.h)

}  // namespace ds::runtime
