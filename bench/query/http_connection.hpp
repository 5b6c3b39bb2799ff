#pragma once

// One keep-alive HTTP/1.1 connection to a server on loopback, for the load
// generator's client threads: synchronous Boost.Beast calls, so a client is a
// plain loop (send, wait for the reply, send the next).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace ds::query_bench {

struct HttpReply {
  unsigned status = 0;
  std::string body;
};

/// Owned and used by one thread. Connects on the first request and again
/// after the server closes the connection.
class HttpConnection {
 public:
  explicit HttpConnection(uint16_t port);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  /// POSTs `json` to `target` and waits for the whole reply. A request on a
  /// reused connection that fails before its reply (the server closed the
  /// idle connection) is sent once more on a new one; other failures to
  /// connect, send or read are errc::unavailable errors.
  Result<HttpReply> post(std::string_view target, std::string json);

 private:
  struct Socket;
  std::unique_ptr<Socket> socket_;  // Beast and Asio stay out of this header
};

}  // namespace ds::query_bench
