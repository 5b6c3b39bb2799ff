# Requests to graph shard actors (actors/graph_shard). Ids are entity ids
# (slot << 48 | sequence); keys are external keys. Every request reaches the
# shard that owns the slots it names (docs/graph-sharding.md).
@0xf5df48ff1e0e96d2;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("ds::schema");

using Common = import "common.capnp";
using Storage = import "storage.capnp";

struct NodeUpsert {
  key @0 :Text;
  labels @1 :List(Text);
  properties @2 :List(Common.Value.Entry);
  id @3 :UInt64;                    # a new node's id, reserved for its key (ReserveIds); 0: a fresh one
  mustBeNew @4 :Bool;               # a CREATE's key: refused (already_exists) when a node has it
}

# Ids for nodes a writing query is about to make (it needs them before it
# commits): (reserve, ReserveIds) -> ReservedIds, in order. An id reserved
# and never used is a gap.
struct ReserveIds {
  header @0 :Common.RequestHeader;
  keys @1 :List(Text);
}

struct ReservedIds {
  ids @0 :List(UInt64);
}

# One side of an edge: for an `out` entry `first` is the source, for an `in`
# entry the target; `second` is the other endpoint.
struct EdgeEntry {
  first @0 :UInt64;
  type @1 :Text;
  second @2 :UInt64;
  properties @3 :List(Common.Value.Entry);   # out entries only
}

# Applied by the shard in one atomic batch, in this order.
struct ShardWrite {
  header @0 :Common.RequestHeader;
  nodes @1 :List(NodeUpsert);       # create or replace labels and properties
  ensureKeys @2 :List(Text);        # create bare nodes for keys that have none
  outEdges @3 :List(EdgeEntry);
  inEdges @4 :List(EdgeEntry);
  # The outbox (docs/graph-sharding.md): for a batch whose edges span shards,
  # what each other shard owes, kept in this shard's outbox until settled.
  batchId @5 :UInt64;
  owed @6 :List(OwedWrite);
  settle @7 :List(UInt64);          # batch ids every shard committed: drop their records
  # Vector spaces, defined on every shard, and vectors, which live with their
  # node (docs/vector-search.md). Committed in this batch, then forwarded to
  # the shard's vector shard; the write is answered once it applied them.
  defineSpaces @8 :List(Storage.VectorSpaceRecord);   # same spec again: no change
  dropSpaces @9 :List(Text);                          # with their vectors
  vectors @10 :List(VectorPut);
  deleteVectors @11 :List(VectorRef);
  # Query writes (docs/query-engine.md, "Writes"), staged after ensureKeys
  # in this order: patches, then edge deletes, then node deletes, then the
  # edge puts above. A deleted node's edges go with it: the entries this
  # shard holds at once, the other shards' entries recorded in the outbox
  # under batchId (ShardWriteResult.owed says which) until settled.
  patches @12 :List(NodePatch);
  deleteOutEdges @13 :List(EdgeEntry);
  deleteInEdges @14 :List(EdgeEntry);
  deleteNodes @15 :List(UInt64);
  # Edge entries whose node is not here (deleted meanwhile) are skipped and
  # answered (ShardWriteResult.skipped*), so the caller can remove the
  # other side, instead of failing the write (query writes, repair).
  skipMissing @16 :Bool;
}

# A change to a stored node, applied to what the store holds when the batch
# runs: two writes that set different properties of one node both land.
struct NodePatch {
  id @0 :UInt64;
  clearProperties @1 :Bool;                   # first remove every property
  setProperties @2 :List(Common.Value.Entry);
  removeProperties @3 :List(Text);
  addLabels @4 :List(Text);
  removeLabels @5 :List(Text);
}

# The vector of `key`'s node in `space`; a key with no node gets a bare one.
struct VectorPut {
  space @0 :Text;
  key @1 :Text;
  row @2 :List(Float32);
}

struct VectorRef {
  space @0 :Text;
  key @1 :Text;
}

# The edge entries one shard owes for a batch.
struct OwedWrite {
  shard @0 :UInt32;
  outEdges @1 :List(EdgeEntry);
  inEdges @2 :List(EdgeEntry);
  deleteOutEdges @3 :List(EdgeEntry);
  deleteInEdges @4 :List(EdgeEntry);
}

# A shard's unsettled outbox: (outbox) -> ShardOutbox.
struct ShardOutbox {
  records @0 :List(Record);
  struct Record {
    batchId @0 :UInt64;
    owed @1 :OwedWrite;
  }
}

struct ShardWriteResult {
  nodeIds @0 :List(UInt64);         # ids of `nodes`, in order
  ensuredIds @1 :List(UInt64);      # ids of `ensureKeys`, in order
  vectorIds @2 :List(UInt64);       # ids of the nodes of `vectors`, in order
  deletedVectors @3 :UInt32;        # of `deleteVectors`, how many existed
  deletedNodes @4 :UInt32;          # of `deleteNodes`, how many existed
  detachedEdges @5 :UInt32;         # edges that went with them
  owed @6 :List(OwedWrite);         # their other entries, owed by other shards
  skippedOut @7 :List(EdgeEntry);   # with skipMissing: entries not put, their node gone
  skippedIn @8 :List(EdgeEntry);
}

struct NodeLookup {
  header @0 :Common.RequestHeader;
  keys @1 :List(Text);
  ids @2 :List(UInt64);
  keysOnly @3 :Bool;                # answer found, id and key only (cheaper)
}

struct NodeData {
  found @0 :Bool;
  id @1 :UInt64;
  key @2 :Text;
  labels @3 :List(Text);
  properties @4 :List(Common.Value.Entry);
}

# Answers keys first, then ids, each in request order; `found` false for
# the ones that do not exist.
struct NodeList {
  nodes @0 :List(NodeData);
}

enum Direction {
  out @0;
  in @1;
  both @2;
}

# Frontier expansion: the neighbours of a batch of nodes the shard owns,
# named by id or (a traversal's start) by key.
struct ExpandRequest {
  header @0 :Common.RequestHeader;
  ids @1 :List(UInt64);
  types @2 :List(Text);             # empty: every type
  direction @3 :Direction;
  shardCount @4 :UInt32;            # of the shard map the caller routes with
  keys @5 :List(Text);              # expanded too; unknown keys are skipped
  withKeys @6 :Bool;                # answer the id and key of every node expanded
  reachedKeys @7 :Bool;             # answer the keys of the reached nodes this shard owns
}

struct IdKey {
  id @0 :UInt64;
  key @1 :Text;
}

struct Reached {
  from @0 :UInt64;                  # the frontier id
  id @1 :UInt64;                    # the neighbour
  type @2 :Text;
  outgoing @3 :Bool;                # true: from -> id; false: id -> from
}

# Neighbours grouped by the shard that owns them, ready for the next hop.
struct ExpandResponse {
  groups @0 :List(Group);
  nodes @1 :List(IdKey);            # with withKeys: the nodes expanded that exist
  reached @2 :List(IdKey);          # with reachedKeys: the reached nodes owned here that exist
  struct Group {
    shard @0 :UInt32;
    reached @1 :List(Reached);
  }
}

struct ShardStats {
  shard @0 :UInt32;
  nodes @1 :UInt64;
  outEdges @2 :UInt64;
  inEdges @3 :UInt64;
  spaces @4 :List(Storage.VectorSpaceRecord);   # the vector spaces defined
}

# Several reads for one shard in one message: the gateway coalesces the
# expansions and lookups it has for a shard while it works through its
# mailbox (actors/gateway/shard_reads.cpp), so concurrent traversals cost
# the shard one wake-up per batch, not one per request.
enum ShardRead {
  expand @0;                        # an ExpandRequest -> ExpandResponse
  lookup @1;                        # a NodeLookup -> NodeList
}

struct ShardReadBatch {
  items @0 :List(Item);
  struct Item {
    kind @0 :ShardRead;
    request @1 :Data;               # the request message, flat (a wire envelope's bytes)
  }
}

# One result per item, in order: the response message, or why that item
# failed (the others are unaffected).
struct ShardReadResults {
  items @0 :List(Item);
  struct Item {
    union {
      response @0 :Data;
      error @1 :Common.Error;
    }
  }
}

# Full-text search (BM25) runs in two rounds so that a document's score does
# not depend on the shard count: every shard's statistics for the query's
# terms are summed, then every shard scores its documents with the sums.

# (textStats, TextStatsRequest) -> TextStats
struct TextStatsRequest {
  header @0 :Common.RequestHeader;
  terms @1 :List(Text);
}

struct TextStats {
  documents @0 :UInt64;
  totalLength @1 :UInt64;           # terms over all documents
  df @2 :List(UInt64);              # per request term: documents containing it
}

# (textSearch, TextSearchRequest) -> TextSearchResponse
struct TextSearchRequest {
  header @0 :Common.RequestHeader;
  terms @1 :List(Text);
  global @2 :TextStats;             # summed over every shard
  k @3 :UInt32;
  k1 @4 :Float64;
  b @5 :Float64;
}

# This shard's k best documents, best first (ties by id).
struct TextSearchResponse {
  hits @0 :List(TextHit);
}

struct TextHit {
  id @0 :UInt64;
  key @1 :Text;
  score @2 :Float64;
}

# The query engine's reads (actors/query_engine): a scan whose predicates
# run here, where the nodes are (filter push-down), and the properties of
# edges a query reads.

enum CompareOp {
  eq @0;
  ne @1;
  lt @2;
  le @3;
  gt @4;
  ge @5;
  in @6;
  startsWith @7;
  endsWith @8;
  contains @9;
}

# `key op value` on a node's property; null (a missing property) never passes.
struct ScanPredicate {
  key @0 :Text;
  op @1 :CompareOp;
  value @2 :Common.Value;
}

# (scan, NodeScanRequest) -> NodeList: the shard's nodes with every label
# (none: every node) passing every predicate, in id order.
struct NodeScanRequest {
  header @0 :Common.RequestHeader;
  labels @1 :List(Text);
  predicates @2 :List(ScanPredicate);
  limit @3 :UInt64;                 # 0: all
}

struct EdgeKey {
  src @0 :UInt64;
  type @1 :Text;
  dst @2 :UInt64;
}

# (edgeProps, EdgePropertiesRequest) -> EdgePropertiesResponse, sent to the
# shard of each edge's source (where its `out` entry and properties live).
struct EdgePropertiesRequest {
  header @0 :Common.RequestHeader;
  edges @1 :List(EdgeKey);
}

struct EdgePropertiesResponse {
  edges @0 :List(Found);            # in request order
  struct Found {
    found @0 :Bool;
    properties @1 :List(Common.Value.Entry);
  }
}

# (vectorOf, NodeVectorsRequest) -> NodeVectorsResponse, sent to the shard
# that owns each node: the nodes' stored vectors in a space (kg.similar).
struct NodeVectorsRequest {
  header @0 :Common.RequestHeader;
  space @1 :Text;
  ids @2 :List(UInt64);
}

struct NodeVectorsResponse {
  vectors @0 :List(Found);          # in request order
  struct Found {
    found @0 :Bool;                 # false: the node has no vector in the space
    row @1 :List(Float32);
  }
}
