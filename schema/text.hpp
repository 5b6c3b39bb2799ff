#pragma once

// Cap'n Proto Text readers as standard strings.

#include <string>
#include <string_view>

#include <capnp/blob.h>

namespace ds::schema {

inline std::string_view view(capnp::Text::Reader text) { return {text.cStr(), text.size()}; }
inline std::string to_string(capnp::Text::Reader text) { return {text.cStr(), text.size()}; }

}  // namespace ds::schema
