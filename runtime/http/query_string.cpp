#include "runtime/http/query_string.hpp"

namespace ds::runtime {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c == '%') {
      int high = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
      int low = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
      if (high < 0 || low < 0)
        return make_error(errc::invalid_argument,
                          "bad percent-escape at position " + std::to_string(i) + " of \"" +
                              std::string(text) + "\" (expected %XX with two hex digits)");
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

Result<QueryParams> query_params(std::string_view target) {
  QueryParams params;
  auto question = target.find('?');
  if (question == std::string_view::npos) return params;
  auto query = target.substr(question + 1);
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    auto equals = pair.find('=');
    auto name = percent_decode(pair.substr(0, equals), true);
    if (!name) return name.error();
    auto value = percent_decode(
        equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1), true);
    if (!value) return value.error();
    params.emplace_back(std::move(*name), std::move(*value));
  }
  return params;
}

}  // namespace ds::runtime
