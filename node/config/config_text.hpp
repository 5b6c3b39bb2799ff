#pragma once
// Small text helpers shared by the config sources and value parsers.

#include <cctype>
#include <string>
#include <string_view>

namespace ds::node {

/// `s` without leading and trailing white space (blanks, tabs, line ends).
inline std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

/// `s` in double quotes, as an error message shows the value it rejects.
inline std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

}  // namespace ds::node
