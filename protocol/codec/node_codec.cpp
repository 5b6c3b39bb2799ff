#include "protocol/codec/node_codec.hpp"

#include "schema/text.hpp"
#include "schema/value_codec.hpp"

namespace ds::protocol {

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

void write_node_upsert(schema::NodeUpsert::Builder out, std::string_view key,
                       const std::vector<std::string>& labels, const Properties& properties) {
  out.setKey(std::string(key));
  auto list = out.initLabels(static_cast<unsigned>(labels.size()));
  for (unsigned i = 0; i < labels.size(); ++i)
    list.set(i, labels[i]);
  schema::write_properties(out.initProperties(static_cast<unsigned>(properties.size())),
                           properties);
}

}  // namespace ds::protocol
