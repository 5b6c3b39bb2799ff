#pragma once

// The repair of cross-shard writes cut short (docs/graph-sharding.md). A
// transaction's edges step leaves, in each shard that committed its part, a
// record of what the other shards owe, dropped once every shard committed.
// Records still there (a crash, a shard that refused or timed out) are sent
// again to the shards that owe them: puts and deletes, harmless where they
// had landed; an entry whose node was deleted since takes its edge's other
// side with it, and an edge put whose other endpoint is gone goes from both
// sides (the transaction's last step); then the records are settled. The
// node runs it at start, before it reports ready.

#include <cstdint>
#include <functional>

#include "actors/routing/shard_calls.hpp"
#include "common/result.hpp"

namespace ds::actors {

struct RepairCounts {
  uint32_t batches = 0;  ///< distinct batch ids that had records
  uint32_t writes = 0;   ///< owed writes replayed
};

/// Reads every shard's outbox, replays it and settles it; `done` once.
void repair_outboxes(ShardCalls calls, std::function<void(Result<RepairCounts>)> done);

}  // namespace ds::actors
