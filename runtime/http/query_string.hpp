#pragma once

// URL components: percent-decoding of path segments and query parameters.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace ds::runtime {

/// Decodes %XX escapes (and '+' as a space when `plus_is_space`, as in query
/// strings). A truncated or non-hex escape is an invalid_argument error.
Result<std::string> percent_decode(std::string_view text, bool plus_is_space = false);

using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// The decoded (name, value) pairs of `target`'s query string, in order.
Result<QueryParams> query_params(std::string_view target);

}  // namespace ds::runtime
