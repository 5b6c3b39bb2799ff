#pragma once

// UTF-8 validation for text that crosses into the store or into JSON.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ds {

/// The byte offset of the first invalid UTF-8 sequence in `text` (overlong
/// forms, surrogates and code points past U+10FFFF are invalid), or npos.
std::size_t invalid_utf8_at(std::string_view text);

inline bool valid_utf8(std::string_view text) {
  return invalid_utf8_at(text) == std::string_view::npos;
}

/// Decodes the UTF-8 sequence at text[i] and moves `i` past it; an invalid
/// sequence (overlong, surrogate, past U+10FFFF, truncated) gives -1 and
/// moves `i` one byte on.
int32_t decode_utf8(std::string_view text, std::size_t& i);

/// Appends code point `c` (at most U+10FFFF) as UTF-8.
void append_utf8(std::string& out, char32_t c);

}  // namespace ds
