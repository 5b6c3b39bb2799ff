#include "runtime/http/http_session.hpp"

#include <array>
#include <charconv>
#include <exception>
#include <string>
#include <utility>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <spdlog/spdlog.h>

#include "runtime/http/json_response.hpp"

namespace ds::runtime {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

namespace {

/// Errors that only mean the peer went away, the connection idled out, or we
/// closed it: nothing to answer, nothing to log.
bool is_disconnect(beast::error_code ec) {
  return ec == http::error::end_of_stream || ec == beast::error::timeout ||
         ec == net::error::operation_aborted || ec == net::error::eof ||
         ec == net::error::connection_reset || ec == net::error::broken_pipe ||
         ec == net::error::bad_descriptor;
}

/// After an error response the client may still be sending a body we will
/// not read. Closing with unread data makes the kernel send RST, which can
/// destroy our response before the client reads it; so, like nginx's
/// lingering close, half-close and discard input for a short while first.
void linger_then_close(std::shared_ptr<HttpSession> session, beast::tcp_stream& stream) {
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.expires_after(std::chrono::seconds(2));
  auto scratch = std::make_shared<std::array<char, 16 * 1024>>();
  struct Discard {
    std::shared_ptr<HttpSession> session;
    beast::tcp_stream& stream;
    std::shared_ptr<std::array<char, 16 * 1024>> scratch;
    void operator()(beast::error_code ec, std::size_t) {
      if (ec) {
        stream.close();
        return;
      }
      stream.async_read_some(net::buffer(*scratch), std::move(*this));
    }
  };
  stream.async_read_some(net::buffer(*scratch), Discard{std::move(session), stream, scratch});
}

/// The Content-Length a request declared, read from the field itself: the
/// parser's own accessor is only valid once the whole header is parsed.
std::optional<uint64_t> declared_length(const HttpRequest& request) {
  auto field = request[http::field::content_length];
  uint64_t length = 0;
  auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), length);
  if (field.empty() || ec != std::errc() || end != field.data() + field.size()) return std::nullopt;
  return length;
}

}  // namespace

HttpSession::HttpSession(tcp::socket socket, std::shared_ptr<HttpServerContext> context)
    : context_(std::move(context)), stream_(std::move(socket)) {
  std::lock_guard lock(context_->mutex);
  ++context_->open_sessions;
}

HttpSession::~HttpSession() {
  std::lock_guard lock(context_->mutex);
  if (--context_->open_sessions == 0) context_->all_closed.notify_all();
}

void HttpSession::start() {
  {
    std::lock_guard lock(context_->mutex);
    std::erase_if(context_->sessions, [](const auto& weak) { return weak.expired(); });
    context_->sessions.push_back(weak_from_this());
  }
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_header(); });
}

void HttpSession::drain() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    if (!self->busy_ && !(self->parser_ && self->parser_->got_some()))
      self->stream_.close();  // idle between requests: the pending read ends
    else
      self->close_after_ = true;
  });
}

void HttpSession::close() {
  net::post(stream_.get_executor(), [self = shared_from_this()] { self->stream_.close(); });
}

void HttpSession::read_header() {
  parser_.emplace();
  parser_->body_limit(context_->options.max_body_bytes);
  parser_->header_limit(context_->options.max_header_bytes);
  stream_.expires_after(context_->options.idle_timeout);
  http::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
}

void HttpSession::on_header(beast::error_code ec) {
  started_ = std::chrono::steady_clock::now();
  match_ = Router::Match{};
  if (is_disconnect(ec)) return stream_.close();
  if (ec == http::error::header_limit)
    return reply_and_close(error_response(
        http::status::request_header_fields_too_large, "header_too_large",
        "request headers exceed " + std::to_string(context_->options.max_header_bytes) + " bytes"));
  if (ec == http::error::body_limit)  // Beast checks Content-Length as the header is parsed
    return reply_and_close(payload_too_large(declared_length(parser_->get())));
  if (ec)
    return reply_and_close(error_response(http::status::bad_request, "malformed_request",
                                          "malformed HTTP request: " + ec.message()));
  const auto& request = parser_->get();
  method_ = std::string(request.method_string());
  match_ = context_->router.match(request.method(), request.target());
  if (request[http::field::expect] == "100-continue") {
    // The client waits for our go-ahead before sending the body.
    auto go_ahead = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
    return http::async_write(
        stream_, *go_ahead,
        [self = shared_from_this(), go_ahead](beast::error_code e, std::size_t) {
          if (e) return self->stream_.close();
          self->read_body();
        });
  }
  read_body();
}

void HttpSession::read_body() {
  http::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
}

void HttpSession::on_body(beast::error_code ec) {
  if (is_disconnect(ec)) return stream_.close();
  if (ec == http::error::body_limit)  // a chunked body outgrew the limit
    return reply_and_close(payload_too_large(std::nullopt));
  if (ec)
    return reply_and_close(error_response(http::status::bad_request, "malformed_request",
                                          "malformed HTTP request body: " + ec.message()));
  handle(parser_->release());
}

void HttpSession::handle(HttpRequest request) {
  busy_ = true;
  keep_alive_ = request.keep_alive();
  const auto& match = match_;
  if (match.handler == nullptr) {
    if (match.status == http::status::method_not_allowed) {
      auto response = error_response(match.status, "method_not_allowed",
                                     std::string(request.method_string()) + " is not allowed on " +
                                         std::string(match.route) + "; allowed: " + match.allow);
      response.set(http::field::allow, match.allow);
      return write(std::move(response));
    }
    return write(error_response(
        http::status::not_found, "not_found",
        "no route for " + std::string(request.target()) + "; see README.md for the API"));
  }
  // The handler may answer later, from another thread; the answer comes back
  // to this session's strand. `answered` guards against a handler that throws
  // after answering. The Responder holds the session weakly and the context
  // strongly: under `life` it either posts while the I/O threads still run,
  // or learns that the server stopped and drops the answer.
  pending_self_ = shared_from_this();
  auto answered = std::make_shared<std::atomic<bool>>(false);
  Responder respond = [weak = weak_from_this(), context = context_,
                       answered](HttpResponse response) {
    if (answered->exchange(true)) return;
    std::lock_guard lock(context->life);
    if (context->stopped) return;
    if (auto self = weak.lock())
      net::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
        self->write(std::move(response));
      });
  };
  try {
    (*match.handler)(request, match.params, respond);
  } catch (const std::exception& e) {
    spdlog::error("http: handler for {} threw: {}", match.route, e.what());
    respond(error_response(http::status::internal_server_error, "internal",
                           "internal error; the server log has details"));
  }
}

HttpResponse HttpSession::payload_too_large(std::optional<uint64_t> length) const {
  auto size = length ? "request body of " + std::to_string(*length) + " bytes" : "request body";
  return error_response(http::status::payload_too_large, "payload_too_large",
                        size + " exceeds http.max_body_size (" +
                            std::to_string(context_->options.max_body_bytes) + " bytes)");
}

void HttpSession::reply_and_close(HttpResponse response) {
  busy_ = true;
  close_after_ = true;
  unread_input_ = true;
  keep_alive_ = false;
  write(std::move(response));
}

void HttpSession::write(HttpResponse response) {
  bool close = !keep_alive_ || close_after_ || context_->draining.load();
  response.keep_alive(!close);
  response.prepare_payload();
  response_ = std::make_shared<HttpResponse>(std::move(response));
  stream_.expires_after(context_->options.idle_timeout);
  http::async_write(stream_, *response_,
                    [self = shared_from_this(), close](beast::error_code ec, std::size_t) {
                      self->on_write(ec, close);
                    });
}

void HttpSession::on_write(beast::error_code ec, bool close) {
  pending_self_.reset();
  if (context_->observer) {
    std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started_;
    context_->observer(
        RequestRecord{match_.route, method_, response_->result_int(), elapsed.count()});
  }
  busy_ = false;
  response_.reset();
  match_ = Router::Match{};
  if (ec) return stream_.close();
  if (close && unread_input_) return linger_then_close(shared_from_this(), stream_);
  if (close) {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    return stream_.close();
  }
  read_header();
}

}  // namespace ds::runtime
