#include "protocol/caf_error.hpp"

#include <string>

#include <caf/make_message.hpp>
#include <caf/message.hpp>
#include <caf/sec.hpp>

namespace ds::protocol {
namespace {

std::string context_text(const caf::message& context) {
  if (context.size() == 1 && context.match_element<std::string>(0))
    return context.get_as<std::string>(0);
  return context.empty() ? std::string{} : to_string(context);
}

errc from_sec(caf::sec code) {
  switch (code) {
    case caf::sec::request_timeout:
      return errc::timeout;
    case caf::sec::request_receiver_down:
    case caf::sec::no_route_to_receiving_node:
    case caf::sec::cannot_connect_to_node:
    case caf::sec::disconnect_during_handshake:
      return errc::unavailable;
    case caf::sec::unexpected_message:
    case caf::sec::unexpected_response:
    case caf::sec::incompatible_versions:
    case caf::sec::incompatible_application_ids:
      return errc::invalid_argument;
    case caf::sec::malformed_basp_message:
      return errc::malformed_message;
    default:
      return errc::internal;
  }
}

}  // namespace

caf::error to_caf(const Error& error) {
  return caf::error(static_cast<uint8_t>(error.code), kErrorCategory,
                    caf::make_message(error.message));
}

Error from_caf(const caf::error& error) {
  if (error.category() == kErrorCategory)
    return Error{static_cast<errc>(error.code()), context_text(error.context())};
  if (error.category() == caf::atom("system")) {
    auto code = static_cast<caf::sec>(error.code());
    auto text = to_string(code);
    auto context = context_text(error.context());
    if (!context.empty()) text += ": " + context;
    return Error{from_sec(code), std::move(text)};
  }
  return Error{errc::internal, to_string(error)};
}

std::string render_error(uint8_t code, caf::atom_value, const caf::message& context) {
  return std::string(to_string(static_cast<errc>(code))) + ": " + context_text(context);
}

}  // namespace ds::protocol
