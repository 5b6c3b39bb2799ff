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
#include "protocol/wire/envelope.hpp"
#include "schema/graph.capnp.h"
#include "storage/graph/graph_store.hpp"
#include "storage/graph/graph_write_batch.hpp"
#include "storage/text/node_text.hpp"

namespace ds::actors {

/// One entry of an edge, as EdgeEntry has it.
struct EdgeEntryData {
  storage::EntityId first = 0;
  std::string type;
  storage::EntityId second = 0;
  Properties properties;
};

/// What one shard owes for a batch (OwedWrite, in C++: records merge).
struct OwedEdges {
  std::vector<EdgeEntryData> out, in, delete_out, delete_in;
};

using Owed = std::map<uint32_t, OwedEdges>;  // debtor shard -> its entries

struct QueryWriteChanges {
  uint32_t deleted_nodes = 0;
  uint32_t detached_edges = 0;
  std::vector<storage::EntityId> deleted_ids;
  Owed owed;  ///< the other entries of the deleted nodes' edges
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

class ShardMap;

/// The other sides of the entries a write skipped (ShardWriteResult.
/// skippedOut/skippedIn: their node was gone), as deletes at the shards that
/// hold them, added to `into`: an edge whose node is gone goes entirely.
void add_other_sides(Owed& into, schema::ShardWriteResult::Reader result, const ShardMap& map);

/// Fills `out`'s entry deletes from `deletes` (its delete_out, delete_in).
void fill_entry_deletes(schema::ShardWrite::Builder out, const OwedEdges& deletes);
/// One ShardWrite per shard of `deletes`, deleting the entries it names.
wire::Envelope delete_entries_write(const OwedEdges& deletes);

/// Adds `owed`'s records (capnp) to `into`.
void add_owed(Owed& into, capnp::List<schema::OwedWrite>::Reader owed);
void fill_entries(capnp::List<schema::EdgeEntry>::Builder list,
                  const std::vector<EdgeEntryData>& entries);
/// Fills an OwedWrite from `edges`.
void fill_owed(schema::OwedWrite::Builder out, uint32_t shard, const OwedEdges& edges);

}  // namespace ds::actors
