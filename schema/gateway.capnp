# Requests that SDK clients send to a node's gateway actor.
@0xbe47e86337bb76ee;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("ds::schema");

using Common = import "common.capnp";

# Round-trips a value through the node: proves connectivity, version
# compatibility and that both sides decode each other's messages.
struct PingRequest {
  header @0 :Common.RequestHeader;
  payload @1 :Common.Value;   # echoed back unchanged
}

struct PingResponse {
  payload @0 :Common.Value;
  node @1 :Text;              # the answering node's name
  version @2 :Text;           # the answering node's build version
  serverTimeUnixMicros @3 :Int64;
}

using Graph = import "graph.capnp";

# An edge addressed by the external keys of its endpoints.
struct EdgeUpsert {
  src @0 :Text;
  type @1 :Text;
  dst @2 :Text;
  properties @3 :List(Common.Value.Entry);
}

# One import batch: node upserts, then edges. Endpoints without a node record
# (in this batch or already stored) become bare nodes. Acknowledged only when
# every shard committed its part, so an acknowledged edge exists in both
# directions. Importing the same batch again changes nothing.
struct ImportRequest {
  header @0 :Common.RequestHeader;
  nodes @1 :List(Graph.NodeUpsert);
  edges @2 :List(EdgeUpsert);
}

struct ImportResponse {
  nodes @0 :UInt32;        # node upserts applied
  edges @1 :UInt32;        # edges applied (both directions)
}

# A node by external key; a key that has no node is a notFound error.
struct NodeRequest {
  header @0 :Common.RequestHeader;
  key @1 :Text;
}

# Breadth-first expansion from one node: one entry per (node, relation) pair
# reached, at the hop where the node was first reached; the start node is
# not listed.
struct NeighboursRequest {
  header @0 :Common.RequestHeader;
  key @1 :Text;
  types @2 :List(Text);    # empty: every type
  direction @3 :Graph.Direction;
  hops @4 :UInt32;         # 1..the node's graph.max_hops
}

struct NeighboursResponse {
  neighbours @0 :List(Neighbour);
  struct Neighbour {
    key @0 :Text;
    type @1 :Text;
    hops @2 :UInt32;
  }
}

# Totals over every shard.
struct GraphStats {
  shards @0 :UInt32;
  nodes @1 :UInt64;
  edges @2 :UInt64;        # `out` entries: one per edge
  inEntries @3 :UInt64;    # `in` entries: equal to edges when every edge is whole
}

# (repair): every shard's outbox replayed; what it took.
struct RepairResponse {
  batches @0 :UInt32;      # unsettled batches found
  writes @1 :UInt32;       # owed shard writes sent again
}
