#pragma once

// ds::UpdateCounts to and from the InferResponse's UpdateCounts.

#include "common/update_counts.hpp"
#include "schema/query.capnp.h"

namespace ds::protocol {

void write_update_counts(schema::UpdateCounts::Builder out, const ds::UpdateCounts& counts);
ds::UpdateCounts read_update_counts(schema::UpdateCounts::Reader in);

}  // namespace ds::protocol
