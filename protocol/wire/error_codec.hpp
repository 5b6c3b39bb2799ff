#pragma once

// ds::Error <-> schema::Error, for errors that travel inside messages (for
// example one failed item of a batch).

#include "common/result.hpp"
#include "schema/common.capnp.h"

namespace ds::wire {

schema::ErrorCode to_schema(errc code);
errc from_schema(schema::ErrorCode code);

void write_error(schema::Error::Builder out, const Error& error);
Error read_error(schema::Error::Reader in);

}  // namespace ds::wire
