#include "common/result.hpp"

namespace ds {

std::string_view to_string(errc code) {
  switch (code) {
    case errc::invalid_argument:
      return "invalid_argument";
    case errc::not_found:
      return "not_found";
    case errc::already_exists:
      return "already_exists";
    case errc::malformed_message:
      return "malformed_message";
    case errc::timeout:
      return "timeout";
    case errc::overloaded:
      return "overloaded";
    case errc::unavailable:
      return "unavailable";
    case errc::not_supported:
      return "not_supported";
    case errc::io_error:
      return "io_error";
    case errc::config_error:
      return "config_error";
    case errc::internal:
      return "internal";
  }
  return "unknown";
}

}  // namespace ds
