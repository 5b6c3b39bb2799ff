#pragma once

// A vector shard: the FAISS indexes (storage/vector) of every vector space for
// the slots of one graph shard, built from that shard's store (the vectors in
// RocksDB are the truth), kept current by the graph shard's committed updates,
// and searched in batches. Design: docs/vector-search.md.
//
// Batching: a search is queued, and a flush message is sent to the shard
// itself, at once or after the policy's delay (actors/batching/batch_policy.hpp); at once it
// reaches the mailbox's end, so every search that arrived meanwhile is in the
// queue when it runs. The flush answers compatible searches (same space, k
// and parameters, no filter) with one FAISS call, high priority first; a
// search whose deadline passed in the queue is answered with a timeout and
// not run.

#include <cstdint>
#include <filesystem>
#include <memory>

#include <caf/actor_system.hpp>
#include <caf/replies_to.hpp>
#include <caf/timespan.hpp>
#include <caf/typed_actor.hpp>

#include "actors/batching/batch_policy.hpp"
#include "common/result.hpp"
#include "protocol/interfaces/vector_shard.hpp"
#include "protocol/wire/envelope.hpp"
#include "protocol/wire/read.hpp"
#include "storage/graph/graph_store.hpp"

namespace ds::actors {

class ComputeUnits;

struct VectorShardOptions {
  uint32_t index = 0;  ///< the shard's number (names its bases on compute units)
  /// The graph shard's store: spaces and vectors are read from it.
  std::shared_ptr<const storage::GraphStore> store;
  /// Where each space's index snapshot is kept; empty: none (every start
  /// builds from the store).
  std::filesystem::path snapshot_dir;
  BatchPolicy batching;  ///< how searches share FAISS calls (actors/batching/batch_policy.hpp)
  /// Where `device: gpu` spaces are searched; null: such spaces answer
  /// unavailable.
  std::shared_ptr<const ComputeUnits> compute;
  /// Values per message when a `device: gpu` space's vectors go to its
  /// unit: 16 MiB of rows, well under the readers' 64 MiB traversal limit.
  std::size_t device_upload_floats = std::size_t{4} << 20;
  wire::ReadLimits limits;
  bool detached = true;  ///< its own thread: FAISS calls are long
};

/// Opens every space's index (its snapshot, caught up, or a build from the
/// store: minutes for a large HNSW space without a snapshot), then spawns the
/// shard; a node is ready only after. Whatever the store commits before the
/// shard's handle is published is caught up at its first message
/// (space_indexes.hpp); a space defined later is built when first used.
Result<protocol::vector_shard_actor> spawn_vector_shard(caf::actor_system& system,
                                                        VectorShardOptions options);

}  // namespace ds::actors
