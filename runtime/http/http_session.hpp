#pragma once

// One client connection (internal to runtime/http): reads requests one after
// another (keep-alive), hands each to the router, writes the responses.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>

#include "runtime/http/http_server.hpp"

namespace ds::runtime {

class HttpSession;

/// What every session of one server shares. Shared ownership: a handler's
/// Responder may be called by an actor after the server has stopped, and it
/// must still find `life` and `stopped` to learn that it is too late.
struct HttpServerContext {
  HttpServerOptions options;
  const Router& router;
  RequestObserver observer;
  std::atomic<bool> draining{false};

  // Set (under `life`) once the I/O threads are stopping: answers that arrive
  // later are dropped instead of being posted to a dead executor.
  std::mutex life;
  bool stopped = false;

  // Live sessions, so shutdown can reach them; guarded by `mutex`.
  std::mutex mutex;
  std::condition_variable all_closed;
  std::vector<std::weak_ptr<HttpSession>> sessions;
  std::size_t open_sessions = 0;
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(boost::asio::ip::tcp::socket socket, std::shared_ptr<HttpServerContext> context);
  ~HttpSession();

  void start();

  /// Posted by shutdown: closes the connection now if it is between
  /// requests, otherwise after the response to the request it is reading or
  /// handling.
  void drain();

  /// Posted by shutdown at the deadline: closes the connection whatever it does.
  void close();

  /// Called by shutdown after the I/O threads stopped: drops the reference a
  /// request waiting for its answer keeps to its session, so the session dies
  /// with the server's io_context.
  void abandon() { pending_self_.reset(); }

 private:
  void read_header();
  void on_header(boost::beast::error_code ec);
  void read_body();
  void on_body(boost::beast::error_code ec);
  void handle(HttpRequest request);
  void reply_and_close(HttpResponse response);
  HttpResponse payload_too_large(std::optional<uint64_t> length) const;
  void write(HttpResponse response);
  void on_write(boost::beast::error_code ec, bool close);

  std::shared_ptr<HttpServerContext> context_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  // Keeps the session alive while a handler works on its request (no I/O is
  // pending then); cleared when the answer is written or by abandon().
  std::shared_ptr<HttpSession> pending_self_;

  // Only touched on the session's strand.
  std::shared_ptr<HttpResponse> response_;  // kept alive while it is written
  bool busy_ = false;                       // between a complete request and its written response
  bool close_after_ = false;                // set by drain()
  bool keep_alive_ = true;                  // what the current request asked for
  bool unread_input_ = false;               // an error answered before the body was read
  Router::Match match_;                     // the current request's route
  std::string method_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace ds::runtime
