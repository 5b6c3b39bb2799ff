# Requests to compute units (actors/compute_unit): bases of vectors resident
# on a device (a GPU, or the CPU unit's memory), searched exactly. Vectors
# travel as flat Float32 lists, row after row; ids are entity ids.
@0x9559a536017aa285;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("ds::schema");

using Common = import "common.capnp";

enum KnnMetric {
  l2 @0;          # squared Euclidean distance, smaller is closer
  ip @1;          # inner product, larger is closer
  cosine @2;      # inner product of normalised vectors
}

# Puts a base on the unit, replacing one of the same name. A base larger
# than one message may carry (the readers' traversal limit) comes in parts:
# the first with append = false, the others append = true, every part but
# the last with more = true. The unit stages the parts apart from the base
# it serves, so searches see the old base until the last part lands.
struct BaseUpload {
  name @0 :Text;                    # "<space>/<shard>" for a vector space's part
  dim @1 :UInt32;
  metric @2 :KnnMetric;
  precision @3 :Text;               # fp32, tf32, bf16, fp16, auto
  ids @4 :List(UInt64);
  rows @5 :List(Float32);           # ids.size() * dim
  append @6 :Bool;                  # adds to the parts staged under this name
  more @7 :Bool;                    # parts follow: stage, do not upload yet
}

struct BaseInfo {
  name @0 :Text;
  size @1 :UInt64;                  # vectors
  bytes @2 :UInt64;                 # device memory the base takes
  precision @3 :Text;               # resolved (auto: what the device got)
}

struct BaseDrop {
  name @0 :Text;
}

# Changes a base in place: removes `removeIds` (unknown ones are ignored),
# then upserts `rows` for `ids`. Only the changed rows travel; each message
# applies on its own, so a large change may come as several.
struct BaseUpdate {
  name @0 :Text;
  removeIds @1 :List(UInt64);
  ids @2 :List(UInt64);
  rows @3 :List(Float32);           # ids.size() * dim
}

struct KnnRequest {
  header @0 :Common.RequestHeader;
  base @1 :Text;
  queries @2 :List(Float32);        # n * dim
  k @3 :UInt32;
  filter @4 :List(UInt64);          # with hasFilter: only these ids
  hasFilter @5 :Bool;
}

# The k best per query, best first, flat: queries x k. Where fewer than k
# qualify the tail holds id 0 with found false.
struct KnnResponse {
  queries @0 :UInt32;
  k @1 :UInt32;
  ids @2 :List(UInt64);
  scores @3 :List(Float32);         # l2: squared distance; ip, cosine: similarity
  found @4 :List(Bool);
}

struct ComputeUnitStats {
  device @0 :Text;                  # "NVIDIA H200 (cuda:0)", "cpu (16 threads)"
  kind @1 :Text;                    # cuda, cpu
  ordinal @2 :Int32;                # the CUDA ordinal; -1 for the CPU
  bases @3 :UInt32;
  baseBytes @4 :UInt64;
  reservedBytes @5 :UInt64;         # the pool's
  inUseBytes @6 :UInt64;
  peakInUseBytes @7 :UInt64;
  fragmentation @8 :Float64;        # reserved share not in use
  requests @9 :UInt64;              # kNN requests answered
  kernelCalls @10 :UInt64;          # backend calls made for them (batching: fewer)
  uploads @11 :UInt64;              # whole bases put on the device
  updates @12 :UInt64;              # bases changed in place
}
