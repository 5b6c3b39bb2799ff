#include "runtime/http/http_server.hpp"

#include <algorithm>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <spdlog/spdlog.h>

#include "runtime/http/http_session.hpp"

namespace ds::runtime {

namespace net = boost::asio;
using tcp = net::ip::tcp;

struct HttpServer::Impl {
  // Declared before `ioc`, so sessions destroyed with the io_context still
  // find it.
  std::shared_ptr<HttpServerContext> context;
  net::io_context ioc;
  tcp::acceptor acceptor;
  std::vector<std::thread> threads;

  Impl(HttpServerOptions options, const Router& router, RequestObserver observer)
      : context(
            std::make_shared<HttpServerContext>(std::move(options), router, std::move(observer))),
        ioc(static_cast<int>(context->options.io_threads)),
        acceptor(net::make_strand(ioc)) {}

  void accept() {
    acceptor.async_accept(net::make_strand(ioc),
                          [this](boost::system::error_code ec, tcp::socket socket) {
                            if (ec == net::error::operation_aborted) return;  // the acceptor closed
                            if (ec)
                              spdlog::warn("http: accept failed: {}", ec.message());
                            else
                              std::make_shared<HttpSession>(std::move(socket), context)->start();
                            if (acceptor.is_open()) accept();
                          });
  }

  Result<void> listen() {
    const auto& options = context->options;
    auto where = options.config_key + " " + std::to_string(options.port) + " on " + options.bind;
    boost::system::error_code ec;
    auto address = net::ip::make_address(options.bind, ec);
    if (ec)
      return make_error(errc::config_error,
                        "bind address \"" + options.bind + "\" is not an IP address");
    tcp::endpoint endpoint{address, options.port};
    if (acceptor.open(endpoint.protocol(), ec); ec)
      return make_error(errc::io_error, where + ": " + ec.message());
    acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (acceptor.bind(endpoint, ec); ec)
      return make_error(errc::io_error, where + ": " + ec.message());
    if (acceptor.listen(net::socket_base::max_listen_connections, ec); ec)
      return make_error(errc::io_error, where + ": " + ec.message());
    return {};
  }

  /// Runs `action` on every live session.
  template <class Action>
  void for_each_session(Action action) {
    std::lock_guard lock(context->mutex);
    for (auto& weak : context->sessions)
      if (auto session = weak.lock()) action(*session);
  }

  bool wait_closed(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(context->mutex);
    return context->all_closed.wait_until(lock, deadline,
                                          [this] { return context->open_sessions == 0; });
  }

  /// Asks every session to close once idle, again every few milliseconds: a
  /// connection accepted just before the listener closed registers after the
  /// first round and would otherwise stay open until its idle timeout.
  bool drain_until(std::chrono::steady_clock::time_point deadline) {
    constexpr auto round = std::chrono::milliseconds(50);
    for (;;) {
      for_each_session([](HttpSession& session) { session.drain(); });
      auto now = std::chrono::steady_clock::now();
      if (now >= deadline) return wait_closed(deadline);
      if (wait_closed(std::min(deadline, now + round))) return true;
    }
  }

  void stop_threads() {
    {
      std::lock_guard lock(context->life);
      context->stopped = true;
    }
    ioc.stop();
    for (auto& thread : threads)
      thread.join();
    threads.clear();
  }
};

HttpServer::HttpServer(HttpServerOptions options, const Router& router, RequestObserver observer)
    : impl_(std::make_unique<Impl>(std::move(options), router, std::move(observer))) {}

HttpServer::~HttpServer() {
  if (!impl_->threads.empty()) shutdown(std::chrono::steady_clock::now());
}

Result<void> HttpServer::start() {
  if (auto listening = impl_->listen(); !listening) return listening;
  impl_->accept();
  for (unsigned i = 0; i < impl_->context->options.io_threads; ++i)
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  return {};
}

uint16_t HttpServer::port() const {
  boost::system::error_code ec;
  return impl_->acceptor.local_endpoint(ec).port();
}

void HttpServer::begin_drain() { impl_->context->draining = true; }

bool HttpServer::shutdown(std::chrono::steady_clock::time_point deadline) {
  if (impl_->threads.empty()) return true;
  begin_drain();
  net::post(impl_->acceptor.get_executor(), [this] { impl_->acceptor.close(); });
  bool in_time = impl_->drain_until(deadline);
  if (!in_time) {
    spdlog::warn("http: requests still running at the shutdown deadline; closing them");
    impl_->for_each_session([](HttpSession& session) { session.close(); });
    impl_->wait_closed(std::chrono::steady_clock::now() + std::chrono::milliseconds(200));
  }
  impl_->stop_threads();
  impl_->for_each_session([](HttpSession& session) { session.abandon(); });
  return in_time;
}

}  // namespace ds::runtime
