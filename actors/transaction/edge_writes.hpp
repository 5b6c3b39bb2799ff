#pragma once

// The edges step of a cross-shard write, per shard. An edge is an `out`
// entry at its source's shard and an `in` entry at its target's; when the
// two shards differ, each records in its outbox the entry the other owes,
// so whichever commits first holds the record and a crash between the two
// commits is repaired from it (docs/graph-sharding.md).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "actors/routing/shard_map.hpp"
#include "common/value.hpp"
#include "protocol/codec/edge_entries.hpp"
#include "storage/graph/graph_types.hpp"

namespace ds::actors {

/// One shard's part of the edges step: the entries it puts and deletes, the
/// nodes it deletes (each with the entries it holds of their edges), and
/// what it records that the other shards owe.
struct EdgePart {
  std::vector<protocol::EdgeEntryData> put_out, put_in, delete_out, delete_in;
  std::vector<storage::EntityId> delete_nodes;
  protocol::Owed owed;  ///< debtor shard -> its entries, recorded at this shard
};

class EdgeWrites {
 public:
  explicit EdgeWrites(const ShardMap& map) : map_(map) {}

  /// Puts `src -[type]-> dst` with `properties` (an upsert: the properties
  /// replace the stored ones).
  void put(storage::EntityId src, const std::string& type, storage::EntityId dst,
           const Properties& properties);
  void erase(storage::EntityId src, const std::string& type, storage::EntityId dst);
  /// Deletes node `id` at its shard, with its edges (the shard answers the
  /// other shards' entries of them as owed).
  void delete_node(storage::EntityId id);

  /// The edges put whose entries are on two shards, in the order put.
  const std::vector<storage::EdgeRef>& cross_shard_puts() const { return cross_shard_puts_; }
  std::map<uint32_t, EdgePart> take_parts() { return std::move(parts_); }

 private:
  void add(storage::EntityId src, const std::string& type, storage::EntityId dst,
           const std::optional<Properties>& after);

  const ShardMap& map_;
  std::map<uint32_t, EdgePart> parts_;
  std::vector<storage::EdgeRef> cross_shard_puts_;
};

}  // namespace ds::actors
