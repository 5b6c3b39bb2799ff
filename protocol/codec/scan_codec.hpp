#pragma once

// A query's node scan on the wire (schema/graph.capnp NodeScanRequest), both
// ways: the query engine writes it, the graph shard reads and runs it.

#include "common/result.hpp"
#include "query/exec/graph_source.hpp"
#include "schema/graph.capnp.h"

namespace ds::protocol {

/// Fails for a predicate value a property cannot hold (a map, a node):
/// invalid_argument naming the key.
Result<void> write_scan(schema::NodeScanRequest::Builder out,
                        const query::NodeScanRequest& request);
query::NodeScanRequest read_scan(schema::NodeScanRequest::Reader in);

}  // namespace ds::protocol
