#pragma once

// A graph shard's part of a query (actors/query_engine): scans with the
// query's predicates evaluated here, next to the nodes, the properties of
// edges, and nodes' stored vectors.

#include "common/result.hpp"
#include "protocol/wire/envelope.hpp"
#include "schema/graph.capnp.h"
#include "storage/graph/graph_store.hpp"

namespace ds::actors {

/// NodeScanRequest -> NodeList.
Result<wire::Envelope> scan_nodes(const storage::GraphStore& store,
                                  schema::NodeScanRequest::Reader request);

/// EdgePropertiesRequest -> EdgePropertiesResponse.
Result<wire::Envelope> edge_properties(const storage::GraphStore& store,
                                       schema::EdgePropertiesRequest::Reader request);

/// NodeVectorsRequest -> NodeVectorsResponse; not_found for an unknown space.
Result<wire::Envelope> node_vectors(const storage::GraphStore& store,
                                    schema::NodeVectorsRequest::Reader request);

}  // namespace ds::actors
