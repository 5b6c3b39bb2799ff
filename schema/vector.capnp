# Requests to vector shard actors (actors/vector_shard). Vectors travel as
# flat Float32 lists, row after row; ids are entity ids.
@0xc6a3f1d2b4e58a07;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("ds::schema");

using Common = import "common.capnp";

# Changes to one space's index, after the graph shard committed them.
struct VectorUpdate {
  space @0 :Text;
  upsertIds @1 :List(UInt64);
  rows @2 :List(Float32);           # upsertIds.size() * dim
  deleteIds @3 :List(UInt64);
  dropSpace @4 :Bool;               # the space was deleted: drop its index
  # The store's vector version of the batch (GraphStore::vector_version):
  # every batch that changes vectors bumps it by one and is forwarded, so a
  # vector shard that sees a version skipped knows it missed an update.
  version @5 :UInt64;
}

struct VectorUpdateResult {
  upserted @0 :UInt32;
  deleted @1 :UInt32;               # of deleteIds, how many were there
}

struct VectorSearchRequest {
  header @0 :Common.RequestHeader;
  space @1 :Text;
  queries @2 :List(Float32);        # n * dim
  k @3 :UInt32;
  efSearch @4 :Int32;               # 0: the space's default
  nprobe @5 :Int32;                 # 0: the space's default
  filter @6 :List(UInt64);          # with hasFilter: only these ids
  hasFilter @7 :Bool;
}

struct VectorSearchResponse {
  results @0 :List(QueryHits);      # one per query, best first
  struct QueryHits {
    hits @0 :List(Hit);
  }
  struct Hit {
    id @0 :UInt64;
    score @1 :Float32;
  }
}

struct VectorShardStats {
  spaces @0 :UInt32;
  vectors @1 :UInt64;
  searches @2 :UInt64;              # requests answered
  faissCalls @3 :UInt64;            # FAISS searches made for them (batching: fewer)
  perSpace @4 :List(SpaceCount);    # every space defined in the store (built to count)
  struct SpaceCount {
    name @0 :Text;
    vectors @1 :UInt64;
  }
}
