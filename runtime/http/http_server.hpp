#pragma once

// The node's HTTP/1.1 server (Boost.Beast) on its own I/O threads. Handlers
// never block: work that needs actors is sent to them by message and the
// reply completes the request (see actor_bridge.hpp).

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "common/result.hpp"
#include "runtime/http/http_types.hpp"
#include "runtime/http/router.hpp"

namespace ds::runtime {

struct HttpServerOptions {
  std::string config_key = "http.port";  ///< names the port in errors
  std::string bind = "0.0.0.0";
  uint16_t port = 8080;
  unsigned io_threads = 2;
  uint64_t max_body_bytes = uint64_t{8} << 20;  ///< larger bodies: 413, connection closed
  uint32_t max_header_bytes = 16 * 1024;        ///< larger headers: 431
  std::chrono::milliseconds idle_timeout{30'000};
};

class HttpServer {
 public:
  /// `router` and `observer` must outlive the server.
  HttpServer(HttpServerOptions options, const Router& router, RequestObserver observer);
  ~HttpServer();  // shuts down at once if still running

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds, listens and starts the I/O threads. Fails when the address is
  /// taken or invalid.
  Result<void> start();

  /// The bound port (useful when the options asked for port 0).
  uint16_t port() const;

  /// From now on every response closes its connection, so clients move to
  /// other nodes; requests are still served.
  void begin_drain();

  /// Stops accepting, closes idle connections, lets requests that have begun
  /// finish until `deadline`, then stops the I/O threads. Returns false when
  /// some request had to be cut off at the deadline.
  bool shutdown(std::chrono::steady_clock::time_point deadline);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ds::runtime
