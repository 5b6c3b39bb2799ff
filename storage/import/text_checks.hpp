#pragma once

// Checks the line-based readers share, so that a value the gateway would
// refuse (and with it the whole batch) is reported as a bad line instead,
// with the file and line it came from.

#include <cstddef>
#include <string>
#include <string_view>

namespace ds::storage {

/// Limits on import items: the gateway (actors/gateway/graph_import.cpp)
/// refuses a batch holding a longer or empty key, relation type or label.
inline constexpr std::size_t kMaxKeyBytes = 4096;
inline constexpr std::size_t kMaxNameBytes = 256;

/// The 1-based column (in characters, as editors count) of byte `byte` of
/// `line`, whose bytes before `byte` are valid UTF-8.
std::size_t column_at(std::string_view line, std::size_t byte);

/// `text` in double quotes for an error message, cut to about 60 bytes (at a
/// character boundary) so that a huge bad value does not flood the log.
std::string quoted_excerpt(std::string_view text);

/// "" when `line` is valid UTF-8, else "column N: invalid UTF-8 (byte 0xNN)".
std::string invalid_utf8_reason(std::string_view line);

/// "" when `key` is fine as an external node key, else why not, naming it `what`.
std::string check_key(std::string_view key, std::string_view what);

/// "" when `name` is fine as a relation type or label, else why not.
std::string check_name(std::string_view name, std::string_view what);

}  // namespace ds::storage
