# Queries (actors/query_engine, POST /api/v1/infer). Result values travel as
# JSON text: they are typed trees (nodes, relationships, paths, maps) that
# every consumer (HTTP, the CLI's table) turns into JSON anyway.
@0xf1b5fad2c505e33e;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("ds::schema");

using Common = import "common.capnp";

enum QueryMode {
  auto @0;    # Cypher if it parses as Cypher, else a plain-language question
  cypher @1;
  text @2;
}

struct InferRequest {
  header @0 :Common.RequestHeader;
  query @1 :Text;
  mode @2 :QueryMode;
  paramsJson @3 :Text;              # a JSON object, parameter name -> value; empty: none
  limit @4 :UInt64;                 # result rows at most; 0: the server's maximum
}

# A query the engine refused or that failed while running: what, and where.
struct QueryFailure {
  code @0 :Text;                    # syntax_error, not_supported, semantic_error, ...
  category @1 :Common.ErrorCode;    # how a service maps it (HTTP status)
  message @2 :Text;
  hasPosition @3 :Bool;
  line @4 :UInt32;
  column @5 :UInt32;
  offset @6 :UInt32;
  excerpt @7 :Text;                 # the query's line with a caret under the column
}

struct OperatorStats {
  name @0 :Text;
  depth @1 :UInt32;
  rows @2 :UInt64;
  micros @3 :UInt64;
}

struct InferResponse {
  columns @0 :List(Text);
  rowsJson @1 :Text;                # a JSON array of rows, each an array of values
  rows @2 :UInt64;
  truncated @3 :Bool;               # the limit cut the result
  elapsedMicros @4 :UInt64;
  shards @5 :UInt32;                # graph shards the query could read
  plan @6 :Text;                    # EXPLAIN and PROFILE
  profile @7 :List(OperatorStats);  # PROFILE
  failed @8 :Bool;
  failure @9 :QueryFailure;
  mode @10 :QueryMode;              # the mode it ran in (auto resolved)
  answerJson @11 :Text;             # text mode: the ranked entities with evidence (JSON)
  wrote @12 :Bool;                  # a writing query: `updates` counts what it changed
  updates @13 :UpdateCounts;
}

# What a writing query changed (Neo4j's update counters).
struct UpdateCounts {
  nodesCreated @0 :UInt64;
  nodesDeleted @1 :UInt64;
  relationshipsCreated @2 :UInt64;
  relationshipsDeleted @3 :UInt64;
  propertiesSet @4 :UInt64;
  labelsAdded @5 :UInt64;
  labelsRemoved @6 :UInt64;
}
