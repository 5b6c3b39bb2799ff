#pragma once

// Nodes on the wire (schema/graph.capnp): NodeData both ways (the shard
// writes what it read from its store; the query engine, the gateway and the
// SDK read it) and the NodeUpsert that imports, the SDK and query writes send.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/value.hpp"
#include "schema/graph.capnp.h"
#include "storage/graph/graph_types.hpp"

namespace ds::protocol {

/// `found` false for nullopt.
void write_node(schema::NodeData::Builder out, const std::optional<storage::Node>& node);
/// nullopt when the node was not found.
std::optional<storage::Node> read_node(schema::NodeData::Reader in);

void write_node_upsert(schema::NodeUpsert::Builder out, std::string_view key,
                       const std::vector<std::string>& labels, const Properties& properties);

}  // namespace ds::protocol
