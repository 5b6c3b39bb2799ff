#pragma once

// Node and edge records in RocksDB values: packed Cap'n Proto
// (schema/storage.capnp). A record that does not decode is corruption:
// errc::io_error naming the entity.

#include <string>
#include <string_view>

#include "common/result.hpp"
#include "storage/graph/graph_types.hpp"

namespace ds::storage {

std::string encode_node(const Node& node);
Result<Node> decode_node(EntityId id, std::string_view bytes);
/// The external key alone: no labels or properties are decoded.
Result<std::string> decode_node_key(std::string_view bytes);

/// Empty for no properties (most edges), so they cost no value bytes.
std::string encode_edge_properties(const Properties& properties);
Result<Properties> decode_edge_properties(std::string_view bytes);

}  // namespace ds::storage
