#pragma once

// A node's key, labels and properties into a NodeUpsert (imports, the SDK,
// query writes).

#include <string>
#include <string_view>
#include <vector>

#include "common/value.hpp"
#include "schema/graph.capnp.h"

namespace ds::schema {

void write_node_upsert(NodeUpsert::Builder out, std::string_view key,
                       const std::vector<std::string>& labels, const Properties& properties);

}  // namespace ds::schema
