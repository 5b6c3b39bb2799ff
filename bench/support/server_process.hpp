#pragma once

// For benchmarks that drive real processes: spawning a child with a clean
// environment, and a deepseek-server child on free loopback ports.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <sys/types.h>

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

/// How a ServerProcess is configured.
struct ServerOptions {
  uint32_t shards = 2;
  /// Import WordNet from `wordnet_dir` into an empty data dir before /readyz
  /// turns 200 (demo.import; the `text` vector space comes with it).
  bool demo_import = false;
  std::filesystem::path wordnet_dir = "/usr/share/wordnet";
  /// YAML config text (any keys but bind, shards and demo.*, which the
  /// environment sets and so win), written to `server.yaml` next to the data
  /// dir and passed with --config; none when empty.
  std::string extra_yaml;
  /// How long the server may take to answer /readyz with 200.
  std::chrono::seconds ready_within{60};
};

/// A deepseek-server child process: every listener on a free loopback port,
/// the data in `data_dir`, its log (`server.log`) and config next to
/// `data_dir`, so two servers need data dirs in different folders.
class ServerProcess {
 public:
  /// Demo import off, `shards` graph shards, no config file.
  static Result<std::unique_ptr<ServerProcess>> start(const std::filesystem::path& binary,
                                                      const std::filesystem::path& data_dir,
                                                      uint32_t shards);
  /// Fails when the server exits at start (the error carries its exit status
  /// and log: an unknown config key is exit status 78 and "unknown key") or
  /// is not ready within `options.ready_within`.
  static Result<std::unique_ptr<ServerProcess>> start(const std::filesystem::path& binary,
                                                      const std::filesystem::path& data_dir,
                                                      const ServerOptions& options);
  ~ServerProcess() { (void)stop(); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  uint16_t sdk_port() const { return sdk_port_; }
  uint16_t http_port() const { return http_port_; }

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
