#include "storage/graph/graph_records.hpp"

#include <capnp/message.h>
#include <capnp/serialize-packed.h>
#include <kj/io.h>

#include "schema/storage.capnp.h"
#include "schema/value_codec.hpp"

namespace ds::storage {
namespace {

std::string pack(capnp::MessageBuilder& message) {
  kj::VectorOutputStream out;
  capnp::writePackedMessage(out, message);
  auto bytes = out.getArray();
  return std::string(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
}

/// Calls `read(root)` on a packed record; decoding errors become io_error.
template <class Schema, class Read>
auto unpack(std::string_view bytes, std::string_view what, Read read)
    -> Result<decltype(read(std::declval<typename Schema::Reader>()))> {
  try {
    kj::ArrayInputStream in(
        kj::arrayPtr(reinterpret_cast<const kj::byte*>(bytes.data()), bytes.size()));
    capnp::PackedMessageReader reader(in);
    return read(reader.getRoot<Schema>());
  } catch (const kj::Exception& e) {
    return make_error(errc::io_error,
                      "corrupt " + std::string(what) + " record: " + e.getDescription().cStr());
  }
}

}  // namespace

std::string encode_node(const Node& node) {
  capnp::MallocMessageBuilder message;
  auto record = message.initRoot<schema::NodeRecord>();
  record.setKey(node.key);
  auto labels = record.initLabels(static_cast<unsigned>(node.labels.size()));
  for (unsigned i = 0; i < node.labels.size(); ++i)
    labels.set(i, node.labels[i]);
  schema::write_properties(record.initProperties(static_cast<unsigned>(node.properties.size())),
                           node.properties);
  return pack(message);
}

Result<Node> decode_node(EntityId id, std::string_view bytes) {
  return unpack<schema::NodeRecord>(bytes, "node", [&](schema::NodeRecord::Reader record) {
    Node node;
    node.id = id;
    node.key = std::string(record.getKey().cStr(), record.getKey().size());
    for (auto label : record.getLabels())
      node.labels.emplace_back(label.cStr(), label.size());
    node.properties = schema::read_properties(record.getProperties());
    return node;
  });
}

Result<std::string> decode_node_key(std::string_view bytes) {
  return unpack<schema::NodeRecord>(bytes, "node", [](schema::NodeRecord::Reader record) {
    return std::string(record.getKey().cStr(), record.getKey().size());
  });
}

std::string encode_edge_properties(const Properties& properties) {
  if (properties.empty()) return {};
  capnp::MallocMessageBuilder message;
  auto record = message.initRoot<schema::EdgeRecord>();
  schema::write_properties(record.initProperties(static_cast<unsigned>(properties.size())),
                           properties);
  return pack(message);
}

Result<Properties> decode_edge_properties(std::string_view bytes) {
  if (bytes.empty()) return Properties{};
  return unpack<schema::EdgeRecord>(bytes, "edge", [](schema::EdgeRecord::Reader record) {
    return schema::read_properties(record.getProperties());
  });
}

}  // namespace ds::storage
