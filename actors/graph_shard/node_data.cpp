#include "actors/graph_shard/node_data.hpp"

#include "schema/text.hpp"
#include "schema/value_codec.hpp"

namespace ds::actors {

void write_node(schema::NodeData::Builder out, const std::optional<storage::Node>& node) {
  out.setFound(node.has_value());
  if (!node) return;
  out.setId(node->id);
  out.setKey(node->key);
  auto labels = out.initLabels(static_cast<unsigned>(node->labels.size()));
  for (unsigned i = 0; i < node->labels.size(); ++i)
    labels.set(i, node->labels[i]);
  schema::write_properties(out.initProperties(static_cast<unsigned>(node->properties.size())),
                           node->properties);
}

std::optional<storage::Node> read_node(schema::NodeData::Reader in) {
  if (!in.getFound()) return std::nullopt;
  storage::Node node;
  node.id = in.getId();
  node.key = schema::to_string(in.getKey());
  for (auto label : in.getLabels())
    node.labels.push_back(schema::to_string(label));
  node.properties = schema::read_properties(in.getProperties());
  return node;
}

}  // namespace ds::actors
