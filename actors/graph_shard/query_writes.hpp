#pragma once

// The query-write parts of a ShardWrite (node patches, edge deletes, node
// deletes), staged in the write's batch so they commit with it. A deleted
// node's edges go with it: the entries this shard holds at once (also the
// other side of an edge whose other node lives here), the other shards'
// entries as owed writes, which the caller records in the outbox and
// answers (docs/query-engine.md, "Writes").

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "protocol/codec/edge_entries.hpp"
#include "schema/graph.capnp.h"
#include "storage/graph/graph_store.hpp"
#include "storage/graph/graph_write_batch.hpp"
#include "storage/text/node_text.hpp"

namespace ds::actors {

struct QueryWriteChanges {
  uint32_t deleted_nodes = 0;
  uint32_t detached_edges = 0;
  std::vector<storage::EntityId> deleted_ids;
  protocol::Owed owed;  ///< the other entries of the deleted nodes' edges
};

/// Where the shard is: what it owns and how it routes.
struct ShardPlace {
  uint32_t index = 0;
  std::function<Result<void>(storage::EntityId)> owns_id;
  std::function<uint32_t(storage::EntityId)> shard_of_id;
};

Result<QueryWriteChanges> stage_query_writes(const storage::GraphStore& store,
                                             const storage::NodeText* text,
                                             storage::GraphWriteBatch& batch,
                                             schema::ShardWrite::Reader request,
                                             const ShardPlace& place);

}  // namespace ds::actors
