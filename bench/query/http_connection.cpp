#include "bench/query/http_connection.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace ds::query_bench {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

struct HttpConnection::Socket {
  asio::io_context io;
  tcp::socket socket{io};
  tcp::endpoint endpoint;
  boost::beast::flat_buffer buffer;
  bool open = false;

  void close() {
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
    buffer.clear();
    open = false;
  }
};

HttpConnection::HttpConnection(uint16_t port) : socket_(std::make_unique<Socket>()) {
  socket_->endpoint = tcp::endpoint(asio::ip::address_v4::loopback(), port);
}

HttpConnection::~HttpConnection() { socket_->close(); }

Result<HttpReply> HttpConnection::post(std::string_view target, std::string json) {
  http::request<http::string_body> request{http::verb::post, target, 11};
  request.set(http::field::host, "127.0.0.1");
  request.set(http::field::content_type, "application/json");
  request.keep_alive(true);
  request.body() = std::move(json);
  request.prepare_payload();
  for (int attempt = 0;; ++attempt) {
    bool reused = socket_->open;
    boost::system::error_code ec;
    if (!socket_->open) {
      socket_->socket.connect(socket_->endpoint, ec);
      if (ec) {
        socket_->close();
        return make_error(errc::unavailable, "cannot connect to 127.0.0.1:" +
                                                 std::to_string(socket_->endpoint.port()) + ": " +
                                                 ec.message());
      }
      // Small requests and replies: Nagle's delay would be most of a fast query's latency.
      socket_->socket.set_option(tcp::no_delay(true), ec);
      socket_->open = true;
    }
    http::response<http::string_body> response;
    http::write(socket_->socket, request, ec);
    if (!ec) http::read(socket_->socket, socket_->buffer, response, ec);
    if (ec) {
      socket_->close();
      if (reused && attempt == 0) continue;
      return make_error(errc::unavailable, "HTTP exchange failed: " + ec.message());
    }
    if (!response.keep_alive()) socket_->close();
    return HttpReply{response.result_int(), std::move(response.body())};
  }
}

}  // namespace ds::query_bench
