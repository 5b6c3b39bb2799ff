#pragma once

// Edge entries on the wire (schema/graph.capnp EdgeEntry, OwedWrite), both
// ways: what a cross-shard write puts or deletes at each shard and what one
// shard records in its outbox that another owes (docs/graph-sharding.md).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/value.hpp"
#include "schema/graph.capnp.h"
#include "storage/graph/graph_keys.hpp"

namespace ds::protocol {

/// One entry of an edge, as EdgeEntry has it: an `out` entry is (src, type,
/// dst) with the edge's properties, an `in` entry (dst, type, src).
struct EdgeEntryData {
  storage::EntityId first = 0;
  std::string type;
  storage::EntityId second = 0;
  Properties properties;
  friend bool operator==(const EdgeEntryData&, const EdgeEntryData&) = default;
};

/// What one shard owes for a batch (OwedWrite; records of one debtor merge).
struct OwedEdges {
  std::vector<EdgeEntryData> out, in, delete_out, delete_in;
  bool empty() const {
    return out.empty() && in.empty() && delete_out.empty() && delete_in.empty();
  }
};

using Owed = std::map<uint32_t, OwedEdges>;  ///< debtor shard -> its entries

std::vector<EdgeEntryData> read_entries(capnp::List<schema::EdgeEntry>::Reader list);
void fill_entries(capnp::List<schema::EdgeEntry>::Builder list,
                  const std::vector<EdgeEntryData>& entries);

/// Adds `owed`'s records to `into`.
void add_owed(Owed& into, capnp::List<schema::OwedWrite>::Reader owed);
/// Fills an OwedWrite from `edges`, owed by `shard`.
void fill_owed(schema::OwedWrite::Builder out, uint32_t shard, const OwedEdges& edges);

}  // namespace ds::protocol
