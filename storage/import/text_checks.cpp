#include "storage/import/text_checks.hpp"

#include <cstdio>

#include "common/utf8.hpp"

namespace ds::storage {
namespace {

std::string check_length(std::string_view text, std::string_view what, std::size_t max_bytes) {
  if (text.empty()) return std::string(what) + " is empty";
  if (text.size() > max_bytes)
    return std::string(what) + " is " + std::to_string(text.size()) + " bytes; at most " +
           std::to_string(max_bytes) + " are allowed";
  return {};
}

}  // namespace

std::size_t column_at(std::string_view line, std::size_t byte) {
  std::size_t column = 1;
  for (std::size_t i = 0; i < byte && i < line.size(); ++i)
    column += (static_cast<unsigned char>(line[i]) & 0xC0) != 0x80;  // not a continuation byte
  return column;
}

std::string quoted_excerpt(std::string_view text) {
  constexpr std::size_t kMaxBytes = 60;
  if (text.size() <= kMaxBytes) return "\"" + std::string(text) + "\"";
  auto cut = kMaxBytes - 3;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;  // not inside a character
  return "\"" + std::string(text.substr(0, cut)) + "...\" (" + std::to_string(text.size()) +
         " bytes)";
}

std::string invalid_utf8_reason(std::string_view line) {
  auto at = invalid_utf8_at(line);
  if (at == std::string_view::npos) return {};
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02x", static_cast<unsigned char>(line[at]));
  return "column " + std::to_string(column_at(line, at)) + ": invalid UTF-8 (byte " + byte +
         "); the file must be UTF-8";
}

std::string check_key(std::string_view key, std::string_view what) {
  return check_length(key, what, kMaxKeyBytes);
}

std::string check_name(std::string_view name, std::string_view what) {
  return check_length(name, what, kMaxNameBytes);
}

}  // namespace ds::storage
