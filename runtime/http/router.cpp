#include "runtime/http/router.hpp"

#include <utility>

namespace ds::runtime {
namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) segments.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return segments;
}

bool is_placeholder(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool matches(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
             RouteParams* params) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (is_placeholder(pattern[i])) {
      if (params) params->add(pattern[i].substr(1, pattern[i].size() - 2), path[i]);
    } else if (pattern[i] != path[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void Router::add(http::verb method, std::string pattern, HttpHandler handler) {
  auto segments = split_path(pattern);
  routes_.push_back(Route{method, std::move(pattern), std::move(segments), std::move(handler)});
}

Router::Match Router::match(http::verb method, std::string_view target) const {
  auto path = target.substr(0, target.find('?'));
  auto segments = split_path(path);
  Match result;
  result.status = http::status::not_found;
  for (const auto& route : routes_) {
    if (!matches(route.segments, segments, nullptr)) continue;
    if (route.method == method) {
      Match found;
      found.handler = &route.handler;
      found.route = route.pattern;
      matches(route.segments, segments, &found.params);
      return found;
    }
    result.status = http::status::method_not_allowed;
    result.route = route.pattern;
    if (!result.allow.empty()) result.allow += ", ";
    result.allow += std::string(http::to_string(route.method));
  }
  return result;
}

}  // namespace ds::runtime
