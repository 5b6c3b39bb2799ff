#pragma once

// The vocabulary of the HTTP layer: Beast requests and responses with string
// bodies, and the asynchronous handler shape every route has.

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>

namespace ds::runtime {

namespace http = boost::beast::http;

using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

/// Completes one request. Call it exactly once, from any thread; the session
/// takes the response back to its own I/O thread.
using Responder = std::function<void(HttpResponse)>;

/// Values of `{name}` segments of the matched route pattern.
class RouteParams {
 public:
  void add(std::string name, std::string value) {
    values_.emplace_back(std::move(name), std::move(value));
  }
  /// Empty when the pattern has no such segment.
  std::string_view get(std::string_view name) const {
    for (const auto& [key, value] : values_)
      if (key == name) return value;
    return {};
  }

 private:
  std::vector<std::pair<std::string, std::string>> values_;
};

/// A route handler: must not block (it runs on an HTTP I/O thread); long work
/// goes to actors, whose reply completes the request through `respond`.
using HttpHandler =
    std::function<void(const HttpRequest& request, const RouteParams& params, Responder respond)>;

/// One finished request, for metrics and logs.
struct RequestRecord {
  std::string_view route;  ///< the matched pattern, or "unmatched"
  std::string_view method;
  unsigned status = 0;
  double seconds = 0;  ///< from the request fully read to the response written
};

using RequestObserver = std::function<void(const RequestRecord&)>;

}  // namespace ds::runtime
