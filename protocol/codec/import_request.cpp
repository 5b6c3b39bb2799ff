#include "protocol/codec/import_request.hpp"

#include "protocol/codec/node_codec.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/deadline.hpp"
#include "schema/gateway.capnp.h"
#include "schema/value_codec.hpp"

namespace ds::protocol {

wire::Envelope import_request(const storage::ImportBatch& batch, uint64_t request_id,
                              std::chrono::system_clock::time_point deadline) {
  return wire::build<schema::ImportRequest>([&](schema::ImportRequest::Builder request) {
    auto header = request.initHeader();
    header.setRequestId(request_id);
    header.setDeadlineUnixMicros(wire::unix_micros(deadline));
    auto nodes = request.initNodes(static_cast<unsigned>(batch.nodes.size()));
    for (unsigned i = 0; i < batch.nodes.size(); ++i)
      protocol::write_node_upsert(nodes[i], batch.nodes[i].key, batch.nodes[i].labels,
                                  batch.nodes[i].properties);
    auto edges = request.initEdges(static_cast<unsigned>(batch.edges.size()));
    for (unsigned i = 0; i < batch.edges.size(); ++i) {
      const auto& edge = batch.edges[i];
      edges[i].setSrc(edge.src);
      edges[i].setType(edge.type);
      edges[i].setDst(edge.dst);
      schema::write_properties(
          edges[i].initProperties(static_cast<unsigned>(edge.properties.size())), edge.properties);
    }
  });
}

}  // namespace ds::protocol
