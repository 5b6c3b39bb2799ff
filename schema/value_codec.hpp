#pragma once

// ds::Value / ds::Properties <-> schema::Value. Readers follow the message's
// pointers, so call them where decoding errors are caught (inside
// ds::wire::read, or a storage decoder that catches kj::Exception).

#include <capnp/list.h>

#include "common/value.hpp"
#include "schema/common.capnp.h"

namespace ds::schema {

void write_value(Value::Builder out, const ds::Value& value);

/// `bytes` read as a string; a `map` as a list of [key, value] lists (ds::Value
/// has no map: properties are flat).
ds::Value read_value(Value::Reader in);

/// `out` must have been initialised with properties.size() entries.
void write_properties(capnp::List<Value::Entry>::Builder out, const Properties& properties);
Properties read_properties(capnp::List<Value::Entry>::Reader in);

}  // namespace ds::schema
