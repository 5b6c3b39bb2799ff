#pragma once

// For benchmarks that drive real processes: spawning a child with a clean
// environment, and a deepseek-server child on free loopback ports.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace ds::bench {

/// This process's environment without DEEPSEEK_* (a user's DEEPSEEK_CONFIG
/// must not change the server under test), plus `extra` ("NAME=value").
std::vector<std::string> child_environment(const std::vector<std::string>& extra);

/// Starts `args[0]` (a path) with stdout and stderr appended to `out` and
/// `err`; posix_spawn, not fork, since the SDK client's threads may be running.
Result<pid_t> spawn(const std::vector<std::string>& args, const std::vector<std::string>& env,
                    const std::filesystem::path& out, const std::filesystem::path& err);

/// The whole file, or "" when it cannot be read.
std::string read_text(const std::filesystem::path& path);

/// A deepseek-server child process: demo import off, `shards` graph shards,
/// every listener on a free loopback port, the data in `data_dir`, its log
/// next to `data_dir`.
class ServerProcess {
 public:
  static Result<std::unique_ptr<ServerProcess>> start(const std::filesystem::path& binary,
                                                      const std::filesystem::path& data_dir,
                                                      uint32_t shards);
  ~ServerProcess() { (void)stop(); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  uint16_t sdk_port() const { return sdk_port_; }

  /// SIGTERM, then waits for the exit; fails when it exits with a non-zero status.
  Result<void> stop();

 private:
  ServerProcess() = default;
  Result<void> wait_ready(std::chrono::steady_clock::duration limit);

  pid_t pid_ = 0;
  uint16_t http_port_ = 0;
  uint16_t sdk_port_ = 0;
  std::filesystem::path log_;
};

}  // namespace ds::bench
