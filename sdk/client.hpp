#pragma once

// The C++ client SDK: connects to a node's published gateway actor over CAF's
// network layer and exchanges Cap'n Proto messages with it. Calls are
// asynchronous: each takes a callback (run on an SDK thread) or returns a
// future.

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <string>

#include "common/result.hpp"

namespace ds::sdk {

struct ClientOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8082;
  std::chrono::milliseconds request_timeout{30'000};
};

/// What a node answered to a ping.
struct Pong {
  std::string node;
  std::string version;
  std::string payload;                   ///< the text payload, echoed back
  std::chrono::microseconds round_trip;  ///< measured by this client
};

class Client {
 public:
  /// Connects; fails with errc::unavailable and the reason (connection
  /// refused, unknown host, incompatible peer) when the node cannot be reached.
  static Result<std::unique_ptr<Client>> connect(const ClientOptions& options);
  ~Client();

  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  /// Round-trips `payload` through the node. `done` runs once, on an SDK thread.
  void ping(std::string payload, std::function<void(Result<Pong>)> done);
  std::future<Result<Pong>> ping(std::string payload);

 private:
  struct Impl;
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ds::sdk
