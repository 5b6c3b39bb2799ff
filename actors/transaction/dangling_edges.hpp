#pragma once

// Edges whose endpoint is gone. A relationship put across shards while
// another writer deletes one of its endpoints can keep one entry (the
// deleter's owed delete reached the other shard before the put did; or,
// after a crash, the repair replayed the two in the wrong order). Once both
// entries are in, the endpoints are read, one keys-only lookup per shard,
// and an edge with one gone is deleted from both sides: in the last step of
// a cross-shard write (shard_transaction.hpp), for a query's writes and for
// the repair's replay (docs/query-engine.md, "Races with other writers").

#include <cstdint>
#include <functional>
#include <vector>

#include "actors/routing/gather.hpp"
#include "actors/routing/shard_map.hpp"
#include "common/result.hpp"
#include "protocol/codec/edge_entries.hpp"
#include "protocol/wire/envelope.hpp"
#include "schema/common.capnp.h"
#include "storage/graph/graph_types.hpp"

namespace ds::actors {

/// The lookups of some edges' endpoints: a NodeLookup per shard.
struct EndpointLookups {
  std::vector<uint32_t> shards;
  std::vector<std::vector<storage::EntityId>> ids;  ///< per shard, as asked
  std::vector<wire::Envelope> messages;
};

using StampHeader = std::function<void(schema::RequestHeader::Builder)>;

EndpointLookups endpoint_lookups(const std::vector<storage::EdgeRef>& edges, const ShardMap& map,
                                 const StampHeader& stamp = {});

/// From the lookups' replies (in shard order): both entries of every edge
/// with an endpoint gone, as deletes added to `into`.
Result<void> add_dangling_deletes(protocol::Owed& into, const std::vector<storage::EdgeRef>& edges,
                                  const EndpointLookups& lookups, const Replies& replies,
                                  const ShardMap& map);

}  // namespace ds::actors
