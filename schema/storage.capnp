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
