#include "actors/graph_shard/query_reads.hpp"

#include "protocol/codec/node_codec.hpp"
#include "protocol/codec/scan_codec.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/deadline.hpp"
#include "schema/text.hpp"
#include "schema/value_codec.hpp"

namespace ds::actors {

Result<wire::Envelope> scan_nodes(const storage::GraphStore& store,
                                  schema::NodeScanRequest::Reader request) {
  if (auto r = wire::check_deadline(request.getHeader()); !r) return r.error();
  auto scan = protocol::read_scan(request);
  auto limit = scan.limit;
  // The first label narrows the read (its index); the rest are checked.
  std::string first = scan.labels.empty() ? std::string() : scan.labels.front();
  std::vector<storage::Node> found;
  auto scanned = store.scan_nodes(first, [&](const storage::Node& node) {
    if (query::passes(node, scan)) found.push_back(node);
    return limit == 0 || found.size() < limit;
  });
  if (!scanned) return scanned.error();
  return wire::build<schema::NodeList>([&](schema::NodeList::Builder out) {
    auto nodes = out.initNodes(static_cast<unsigned>(found.size()));
    for (unsigned i = 0; i < found.size(); ++i)
      protocol::write_node(nodes[i], found[i]);
  });
}

Result<wire::Envelope> edge_properties(const storage::GraphStore& store,
                                       schema::EdgePropertiesRequest::Reader request) {
  if (auto r = wire::check_deadline(request.getHeader()); !r) return r.error();
  std::vector<std::optional<Properties>> found;
  for (auto edge : request.getEdges()) {
    auto properties =
        store.edge_properties(edge.getSrc(), schema::to_string(edge.getType()), edge.getDst());
    if (!properties) return properties.error();
    found.push_back(std::move(properties).value());
  }
  return wire::build<schema::EdgePropertiesResponse>(
      [&](schema::EdgePropertiesResponse::Builder out) {
        auto edges = out.initEdges(static_cast<unsigned>(found.size()));
        for (unsigned i = 0; i < found.size(); ++i) {
          edges[i].setFound(found[i].has_value());
          if (found[i])
            schema::write_properties(
                edges[i].initProperties(static_cast<unsigned>(found[i]->size())), *found[i]);
        }
      });
}

Result<wire::Envelope> node_vectors(const storage::GraphStore& store,
                                    schema::NodeVectorsRequest::Reader request) {
  if (auto r = wire::check_deadline(request.getHeader()); !r) return r.error();
  auto space = schema::to_string(request.getSpace());
  std::vector<std::optional<std::vector<float>>> found;
  for (auto id : request.getIds()) {
    auto row = store.vector(space, id);
    if (!row) return row.error();  // not_found: an unknown space
    found.push_back(std::move(row).value());
  }
  return wire::build<schema::NodeVectorsResponse>([&](schema::NodeVectorsResponse::Builder out) {
    auto vectors = out.initVectors(static_cast<unsigned>(found.size()));
    for (unsigned i = 0; i < found.size(); ++i) {
      vectors[i].setFound(found[i].has_value());
      if (!found[i]) continue;
      auto row = vectors[i].initRow(static_cast<unsigned>(found[i]->size()));
      for (unsigned j = 0; j < found[i]->size(); ++j)
        row.set(j, (*found[i])[j]);
    }
  });
}

}  // namespace ds::actors
