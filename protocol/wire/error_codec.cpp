#include "protocol/wire/error_codec.hpp"

#include <cstdint>

namespace ds::wire {

// The schema enum mirrors ds::errc value for value; these checks keep it so.
static_assert(static_cast<uint16_t>(schema::ErrorCode::INVALID_ARGUMENT) ==
              static_cast<uint16_t>(errc::invalid_argument));
static_assert(static_cast<uint16_t>(schema::ErrorCode::MALFORMED_MESSAGE) ==
              static_cast<uint16_t>(errc::malformed_message));
static_assert(static_cast<uint16_t>(schema::ErrorCode::INTERNAL) ==
              static_cast<uint16_t>(errc::internal));

schema::ErrorCode to_schema(errc code) { return static_cast<schema::ErrorCode>(code); }

errc from_schema(schema::ErrorCode code) {
  auto raw = static_cast<uint16_t>(code);
  // A newer peer may send a code this build does not know: keep the message,
  // call it internal rather than guess.
  if (raw < static_cast<uint16_t>(errc::invalid_argument) ||
      raw > static_cast<uint16_t>(errc::internal))
    return errc::internal;
  return static_cast<errc>(raw);
}

void write_error(schema::Error::Builder out, const Error& error) {
  out.setCode(to_schema(error.code));
  out.setMessage(error.message);
}

Error read_error(schema::Error::Reader in) {
  return Error{from_schema(in.getCode()), in.getMessage().cStr()};
}

}  // namespace ds::wire
