#pragma once

// A node on the wire (schema/graph.capnp NodeData), both ways: the shard
// writes what it read from its store, the query engine and the gateway read it.

#include <optional>

#include "schema/graph.capnp.h"
#include "storage/graph/graph_types.hpp"

namespace ds::actors {

/// `found` false for nullopt.
void write_node(schema::NodeData::Builder out, const std::optional<storage::Node>& node);
/// nullopt when the node was not found.
std::optional<storage::Node> read_node(schema::NodeData::Reader in);

}  // namespace ds::actors
