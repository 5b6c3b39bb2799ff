#pragma once

// JSON responses, and the one error shape every endpoint uses:
//   {"error": {"code": "not_found", "message": "..."}}

#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "runtime/http/http_types.hpp"

namespace ds::runtime {

HttpResponse json_response(http::status status, const nlohmann::json& body);

/// `code` is a stable lower-case token clients can switch on.
HttpResponse error_response(http::status status, std::string_view code, std::string_view message);

/// An expected failure, with the HTTP status its errc maps to.
HttpResponse error_response(const Error& error);

/// invalid_argument -> 400, not_found -> 404, overloaded -> 429, timeout -> 504, ...
http::status http_status_of(errc code);

}  // namespace ds::runtime
