#pragma once

// ds::UpdateCounts to and from the InferResponse's UpdateCounts.

#include "common/update_counts.hpp"
#include "schema/query.capnp.h"

namespace ds::schema {

void write_update_counts(UpdateCounts::Builder out, const ds::UpdateCounts& counts);
ds::UpdateCounts read_update_counts(UpdateCounts::Reader in);

}  // namespace ds::schema
