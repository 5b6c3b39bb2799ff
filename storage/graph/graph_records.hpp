#pragma once

// Node and edge records in RocksDB values: packed Cap'n Proto
// (schema/storage.capnp). A record that does not decode is corruption:
// errc::io_error naming the entity.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "schema/storage.capnp.h"
#include "storage/graph/graph_types.hpp"
#include "storage/vector/vector_space.hpp"

namespace ds::storage {

std::string encode_node(const Node& node);
Result<Node> decode_node(EntityId id, std::string_view bytes);
/// The external key alone: no labels or properties are decoded.
Result<std::string> decode_node_key(std::string_view bytes);

/// Empty for no properties (most edges), so they cost no value bytes.
std::string encode_edge_properties(const Properties& properties);
Result<Properties> decode_edge_properties(std::string_view bytes);

std::string encode_space(const VectorSpaceSpec& spec);
Result<VectorSpaceSpec> decode_space(std::string_view bytes);
/// The same record as a message field (ShardWrite.defineSpaces): the spec is
/// not checked here (GraphWriteBatch::put_space does), the metric is.
void write_space(schema::VectorSpaceRecord::Builder out, const VectorSpaceSpec& spec);
Result<VectorSpaceSpec> read_space(schema::VectorSpaceRecord::Reader record);

/// Vectors are raw float32s (this machine's byte order, little-endian on
/// every platform the engine builds for): no decoding on the load path.
/// A stored vector: the store's vector version of the batch that wrote it
/// (u64), then its floats. Records from before versions (floats only) read
/// as version 0.
struct StoredVector {
  uint64_t version = 0;
  std::vector<float> row;
};
std::string encode_vector(uint64_t version, std::span<const float> vector);
Result<StoredVector> decode_vector(std::string_view bytes, uint32_t dim);

}  // namespace ds::storage
