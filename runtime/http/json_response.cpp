#include "runtime/http/json_response.hpp"

#include <boost/beast/http/field.hpp>

namespace ds::runtime {

HttpResponse json_response(http::status status, const nlohmann::json& body) {
  HttpResponse response{status, 11};
  response.set(http::field::content_type, "application/json");
  response.body() = body.dump();
  response.body() += '\n';
  return response;
}

HttpResponse error_response(http::status status, std::string_view code, std::string_view message) {
  return json_response(status, {{"error", {{"code", code}, {"message", message}}}});
}

HttpResponse error_response(const Error& error) {
  return error_response(http_status_of(error.code), to_string(error.code), error.message);
}

http::status http_status_of(errc code) {
  switch (code) {
    case errc::invalid_argument:
    case errc::malformed_message:
      return http::status::bad_request;
    case errc::not_found:
      return http::status::not_found;
    case errc::already_exists:
      return http::status::conflict;
    case errc::timeout:
      return http::status::gateway_timeout;
    case errc::overloaded:
      return http::status::too_many_requests;
    case errc::unavailable:
      return http::status::service_unavailable;
    case errc::not_supported:
      return http::status::not_implemented;
    case errc::io_error:
    case errc::config_error:
    case errc::internal:
      return http::status::internal_server_error;
  }
  return http::status::internal_server_error;
}

}  // namespace ds::runtime
