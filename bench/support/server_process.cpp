#include "bench/support/server_process.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace ds::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

/// `count` distinct free loopback ports (held open together so they differ).
std::vector<uint16_t> free_ports(unsigned count) {
  std::vector<int> sockets;
  std::vector<uint16_t> ports;
  for (unsigned i = 0; i < count; ++i) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof addr;
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) != 0)
      throw std::runtime_error("cannot find a free port: " + std::string(std::strerror(errno)));
    sockets.push_back(fd);
    ports.push_back(ntohs(addr.sin_port));
  }
  for (int fd : sockets)
    close(fd);
  return ports;
}

/// The status of `GET path` on 127.0.0.1:port; -1 when it cannot be had.
int http_status(uint16_t port, const std::string& path) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{2, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  std::string reply;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size())) {
    char buffer[256];
    ssize_t n = 0;
    while (reply.size() < 12 && (n = recv(fd, buffer, sizeof buffer, 0)) > 0)
      reply.append(buffer, static_cast<std::size_t>(n));
  }
  close(fd);
  int status = -1;
  if (std::sscanf(reply.c_str(), "HTTP/1.%*d %d", &status) != 1) return -1;
  return status;
}

}  // namespace

std::vector<std::string> child_environment(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry)
    if (std::strncmp(*entry, "DEEPSEEK_", 9) != 0) env.emplace_back(*entry);
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

Result<pid_t> spawn(const std::vector<std::string>& args, const std::vector<std::string>& env,
                    const fs::path& out, const fs::path& err) {
  std::vector<char*> argv, envp;
  for (const auto& a : args)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : env)
    envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return make_error(errc::unavailable, args[0] + ": " + std::strerror(rc));
  return pid;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<std::unique_ptr<ServerProcess>> ServerProcess::start(const fs::path& binary,
                                                            const fs::path& data_dir,
                                                            uint32_t shards) {
  ServerOptions options;
  options.shards = shards;
  return start(binary, data_dir, options);
}

Result<std::unique_ptr<ServerProcess>> ServerProcess::start(const fs::path& binary,
                                                            const fs::path& data_dir,
                                                            const ServerOptions& options) {
  auto ports = free_ports(3);
  auto server = std::unique_ptr<ServerProcess>(new ServerProcess);
  server->http_port_ = ports[0];
  server->sdk_port_ = ports[2];
  server->log_ = data_dir.parent_path() / "server.log";
  std::vector<std::string> args{
      binary.string(),          "--data-dir",     data_dir.string(),        "--http-port",
      std::to_string(ports[0]), "--metrics-port", std::to_string(ports[1]), "--sdk-port",
      std::to_string(ports[2])};
  if (!options.extra_yaml.empty()) {
    auto config = data_dir.parent_path() / "server.yaml";
    std::ofstream(config) << options.extra_yaml << "\n";
    args.insert(args.end(), {"--config", config.string()});
  }
  std::vector<std::string> env{
      "DEEPSEEK_BIND=127.0.0.1", "DEEPSEEK_SHARDS=" + std::to_string(options.shards),
      options.demo_import ? "DEEPSEEK_DEMO_IMPORT=true" : "DEEPSEEK_DEMO_IMPORT=false"};
  if (options.demo_import)
    env.push_back("DEEPSEEK_DEMO_WORDNET_DIR=" + options.wordnet_dir.string());
  auto pid = spawn(args, child_environment(env), server->log_, server->log_);
  if (!pid) return pid.error();
  server->pid_ = *pid;
  if (auto ready = server->wait_ready(options.ready_within); !ready) return ready.error();
  return server;
}

Result<void> ServerProcess::stop() {
  if (pid_ <= 0) return {};
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = 0;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
  return make_error(errc::internal, "deepseek-server did not stop cleanly (status " +
                                        std::to_string(status) + "); its log:\n" + read_text(log_));
}

Result<void> ServerProcess::wait_ready(Clock::duration limit) {
  auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = 0;
      auto how = WIFEXITED(status) ? "with exit status " + std::to_string(WEXITSTATUS(status))
                                   : "on signal " + std::to_string(WTERMSIG(status));
      return make_error(errc::unavailable, "deepseek-server exited at start " + how +
                                               "; its log:\n" + read_text(log_));
    }
    if (http_status(http_port_, "/readyz") == 200) return {};
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return make_error(
      errc::timeout,
      "deepseek-server not ready within " +
          std::to_string(std::chrono::duration_cast<std::chrono::seconds>(limit).count()) +
          " s; its log:\n" + read_text(log_));
}

}  // namespace ds::bench
