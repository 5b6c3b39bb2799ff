# On-disk records of the graph store (storage/graph), stored packed in
# RocksDB values. Same evolution rule as the wire: append, never renumber.
@0xed69d4cd1bdec366;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("ds::schema");

using Common = import "common.capnp";

# The value of `nodes` column family entries (key: the 8-byte entity id).
struct NodeRecord {
  key @0 :Text;                          # the external key
  labels @1 :List(Text);
  properties @2 :List(Common.Value.Entry);
}

# The value of `out` entries that carry properties (edges without properties
# store an empty value).
struct EdgeRecord {
  properties @0 :List(Common.Value.Entry);
}

# A vector space's definition, kept in every shard's meta family.
struct VectorSpaceRecord {
  name @0 :Text;
  dim @1 :UInt32;
  metric @2 :Text;          # l2 | ip | cosine
  index @3 :Text;           # the FAISS factory string
  efSearch @4 :Int32;       # 0: unset
  nprobe @5 :Int32;         # 0: unset
  efConstruction @6 :Int32; # 0: unset (FAISS's default)
  device @7 :Text;          # "" (the CPU, FAISS) | gpu (a compute unit, exact kNN)
}
