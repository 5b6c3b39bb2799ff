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
