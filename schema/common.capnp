# Types shared by every message that may cross a process.
# Evolution rule: append fields and enumerants, never renumber or reuse, so
# nodes of adjacent versions interoperate.
@0xbdd96b3c93c14965;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("ds::schema");

# Mirrors ds::errc (common/result.hpp) value for value.
enum ErrorCode {
  unknown @0;
  invalidArgument @1;
  notFound @2;
  alreadyExists @3;
  malformedMessage @4;
  timeout @5;
  overloaded @6;
  unavailable @7;
  notSupported @8;
  ioError @9;
  configError @10;
  internal @11;
}

struct Error {
  code @0 :ErrorCode;
  message @1 :Text;   # what was wrong, where, and what to do
}

# A knowledge-graph entity id: the hash slot of its external key in the top
# 16 bits, a per-slot sequence below (see ARCHITECTURE.md section 4).
struct EntityId {
  value @0 :UInt64;
}

# A cluster node, named in config (node.name).
struct NodeId {
  name @0 :Text;
}

# A dynamically typed value: a property of an entity or relation, a query
# parameter, a cell of a result row.
struct Value {
  union {
    null @0 :Void;
    bool @1 :Bool;
    int @2 :Int64;
    float @3 :Float64;
    text @4 :Text;
    bytes @5 :Data;
    list @6 :List(Value);
    map @7 :List(Entry);
  }

  struct Entry {
    key @0 :Text;
    value @1 :Value;
  }
}

enum Priority {
  normal @0;
  low @1;
  high @2;
}

# Every request carries one. The deadline is absolute wall-clock time so that
# it means the same after any number of hops and mailbox waits; nodes of a
# cluster are assumed to run NTP (skew well under a request's timeout).
struct RequestHeader {
  requestId @0 :UInt64;
  deadlineUnixMicros @1 :Int64;   # 0: no deadline
  priority @2 :Priority;
}
