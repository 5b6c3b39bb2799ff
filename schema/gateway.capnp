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

# Vector spaces (docs/vector-search.md). A space is defined on every shard;
# defining it again with the same spec changes nothing, with another spec is
# an alreadyExists error (drop it first).
using Storage = import "storage.capnp";

struct SpaceDefineRequest {
  header @0 :Common.RequestHeader;
  space @1 :Storage.VectorSpaceRecord;
}

struct SpaceDropRequest {
  header @0 :Common.RequestHeader;
  name @1 :Text;
}

# (spaces) -> every space with its number of vectors over all shards.
struct SpaceList {
  spaces @0 :List(Space);
  struct Space {
    spec @0 :Storage.VectorSpaceRecord;
    vectors @1 :UInt64;
  }
}

# Vectors by node key; a key with no node gets a bare node. The whole request
# is checked (space, dimension, finite numbers) before any shard writes, and
# acknowledged once every vector is searchable.
struct VectorUpsertRequest {
  header @0 :Common.RequestHeader;
  space @1 :Text;
  keys @2 :List(Text);
  rows @3 :List(Float32);           # keys.size() * dim, row after row
}

struct VectorDeleteRequest {
  header @0 :Common.RequestHeader;
  space @1 :Text;
  keys @2 :List(Text);              # keys without a vector are skipped
}

# upserted or deleted: how many vectors the request changed.
struct VectorWriteResponse {
  count @0 :UInt32;
}

# The k nearest vectors of each query over every shard, best first.
struct VectorQuery {
  header @0 :Common.RequestHeader;
  space @1 :Text;
  queries @2 :List(Float32);        # n * dim
  k @3 :UInt32;                     # 1..the node's vectors.max_k
  efSearch @4 :Int32;               # 0: the space's default
  nprobe @5 :Int32;                 # 0: the space's default
  filterKeys @6 :List(Text);        # with hasFilter: only these nodes
  hasFilter @7 :Bool;
  # Instead of queries: one text, encoded by the built-in text encoder with
  # the full-text index's statistics (the space "text" only).
  text @8 :Text;
  hasText @9 :Bool;
}

struct VectorQueryResponse {
  results @0 :List(Hits);           # one per query
  struct Hits {
    hits @0 :List(Hit);
  }
  struct Hit {
    key @0 :Text;
    score @1 :Float32;              # l2: distance; ip, cosine: similarity
  }
}

# Full-text search over every shard's documents, scored by BM25 with the
# collection statistics of all shards.
struct TextQuery {
  header @0 :Common.RequestHeader;
  query @1 :Text;                   # tokenized like the documents
  k @2 :UInt32;                     # 1..the node's vectors.max_k
}

struct TextQueryResponse {
  terms @0 :List(Text);             # the query's index terms (stemmed, no stop words)
  hits @1 :List(Hit);               # best first; ties by key
  struct Hit {
    key @0 :Text;
    score @1 :Float64;
  }
}
