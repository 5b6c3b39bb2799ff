#pragma once

// Maps (method, path) to a handler. Patterns are literal segments and
// `{name}` placeholders: "/api/v1/spaces/{name}/search". A path that matches
// no pattern is 404; one that matches with another method is 405 with Allow.

#include <string>
#include <string_view>
#include <vector>

#include "runtime/http/http_types.hpp"

namespace ds::runtime {

class Router {
 public:
  /// Registers a route; the pattern doubles as the `route` metrics label.
  void add(http::verb method, std::string pattern, HttpHandler handler);

  struct Match {
    const HttpHandler* handler = nullptr;  ///< null: answer with `status`
    std::string_view route = "unmatched";
    RouteParams params;
    http::status status = http::status::ok;  ///< not_found or method_not_allowed when no handler
    std::string allow;                       ///< for 405: the methods the path accepts
  };

  /// `target` may carry a query string; it is ignored for matching.
  Match match(http::verb method, std::string_view target) const;

 private:
  struct Route {
    http::verb method;
    std::string pattern;
    std::vector<std::string> segments;
    HttpHandler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace ds::runtime
