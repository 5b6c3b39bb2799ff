#pragma once

// The vector parts of a ShardWrite (spaces defined and dropped, vectors put
// and deleted), staged in the write's batch so they commit with it, and the
// VectorUpdate messages the shard's vector shard gets once they did: the
// store is the truth, the FAISS indexes follow it (docs/vector-search.md).

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "protocol/wire/envelope.hpp"
#include "schema/graph.capnp.h"
#include "storage/graph/graph_store.hpp"
#include "storage/graph/graph_write_batch.hpp"

namespace ds::actors {

struct VectorChanges {
  std::vector<storage::EntityId> ids;   ///< the nodes of ShardWrite.vectors, in order
  uint32_t deleted = 0;                 ///< of ShardWrite.deleteVectors, how many existed
  std::vector<wire::Envelope> updates;  ///< one VectorUpdate per space changed
};

using OwnsKey = std::function<Result<void>(std::string_view key)>;

/// Stages `request`'s vector parts in `batch`. Refuses (and the caller drops
/// the batch) a space spec or vector that is wrong, naming the field: an
/// unknown space, a wrong dimension, a NaN or infinite number, a key of
/// another shard (`owns_key`). The vectors of `deleted_nodes` (deleted in
/// this batch, with their records) leave the indexes too.
Result<VectorChanges> stage_vector_changes(const storage::GraphStore& store,
                                           storage::GraphWriteBatch& batch,
                                           schema::ShardWrite::Reader request,
                                           const std::vector<storage::EntityId>& deleted_nodes,
                                           const OwnsKey& owns_key);

}  // namespace ds::actors
