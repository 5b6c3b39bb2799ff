#pragma once

// UTF-8 validation for text that crosses into the store or into JSON.

#include <cstddef>
#include <string_view>

namespace ds {

/// The byte offset of the first invalid UTF-8 sequence in `text` (overlong
/// forms, surrogates and code points past U+10FFFF are invalid), or npos.
std::size_t invalid_utf8_at(std::string_view text);

inline bool valid_utf8(std::string_view text) {
  return invalid_utf8_at(text) == std::string_view::npos;
}

}  // namespace ds
