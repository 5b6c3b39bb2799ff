#include "query/query_error.hpp"

#include <algorithm>

#include "common/utf8.hpp"

namespace ds::query {

std::string_view to_string(QueryErrc code) {
  switch (code) {
    case QueryErrc::syntax_error:
      return "syntax_error";
    case QueryErrc::not_supported:
      return "not_supported";
    case QueryErrc::semantic_error:
      return "semantic_error";
    case QueryErrc::type_error:
      return "type_error";
    case QueryErrc::parameter_error:
      return "parameter_error";
    case QueryErrc::too_complex:
      return "too_complex";
    case QueryErrc::runtime_error:
      return "runtime_error";
  }
  return "unknown";
}

errc category(QueryErrc code) {
  return code == QueryErrc::not_supported ? errc::not_supported : errc::invalid_argument;
}

errc category(const QueryError& error) { return error.cause ? *error.cause : category(error.code); }

QueryError service_failure(const Error& error) {
  return QueryError{QueryErrc::runtime_error, error.message, std::nullopt, error.code};
}

namespace {

constexpr std::size_t kWindow = 60;  // code points shown either side of the caret

/// `line` cut to the code points [first, last).
std::string code_points(std::string_view line, std::size_t first, std::size_t last) {
  std::string out;
  std::size_t i = 0;
  for (std::size_t n = 0; i < line.size() && n < last; ++n) {
    auto start = i;
    if (decode_utf8(line, i) < 0) i = start + 1;
    if (n >= first) out.append(line.substr(start, i - start));
  }
  return out;
}

}  // namespace

std::string excerpt(std::string_view text, SourcePos pos) {
  auto offset = std::min<std::size_t>(pos.offset, text.size());
  auto begin = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  begin = (begin == std::string_view::npos || begin >= offset) ? 0 : begin + 1;
  if (offset > 0 && text[offset - 1] == '\n') begin = offset;
  auto end = text.find('\n', offset);
  auto line = text.substr(begin, (end == std::string_view::npos ? text.size() : end) - begin);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

  std::size_t column = pos.column > 0 ? pos.column - 1 : 0;
  std::size_t first = column > kWindow ? column - kWindow : 0;
  std::string out = "  ";
  if (first > 0) out += "...";
  out += code_points(line, first, column + kWindow);
  std::replace(out.begin(), out.end(), '\t', ' ');  // one column each, as counted
  out += "\n  ";
  out.append((first > 0 ? 3 : 0) + column - first, ' ');
  out += '^';
  return out;
}

std::string describe(const QueryError& error, std::string_view text) {
  if (!error.pos) return error.message;
  return "line " + std::to_string(error.pos->line) + ", column " +
         std::to_string(error.pos->column) + ": " + error.message + "\n" +
         excerpt(text, *error.pos);
}

}  // namespace ds::query
