#include "storage/graph/graph_records.hpp"

#include <cstring>

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

void write_space(schema::VectorSpaceRecord::Builder record, const VectorSpaceSpec& spec) {
  record.setName(spec.name);
  record.setDim(spec.dim);
  record.setMetric(std::string(to_string(spec.metric)));
  record.setIndex(spec.index);
  record.setEfSearch(spec.defaults.ef_search.value_or(0));
  record.setNprobe(spec.defaults.nprobe.value_or(0));
  record.setEfConstruction(spec.ef_construction.value_or(0));
  // The CPU is the default and stays unwritten: records from before devices
  // existed read the same, and compare equal when defined again.
  if (spec.device != Device::cpu) record.setDevice(std::string(to_string(spec.device)));
}

Result<VectorSpaceSpec> read_space(schema::VectorSpaceRecord::Reader record) {
  auto metric =
      parse_metric(std::string_view(record.getMetric().cStr(), record.getMetric().size()));
  if (!metric) return metric.error();
  VectorSpaceSpec spec;
  spec.name = record.getName().cStr();
  spec.dim = record.getDim();
  spec.metric = *metric;
  spec.index = record.getIndex().cStr();
  if (record.getEfSearch() > 0) spec.defaults.ef_search = record.getEfSearch();
  if (record.getNprobe() > 0) spec.defaults.nprobe = record.getNprobe();
  if (record.getEfConstruction() > 0) spec.ef_construction = record.getEfConstruction();
  if (record.getDevice().size() > 0) {
    auto device = parse_device(record.getDevice().cStr());
    if (!device) return device.error();
    spec.device = *device;
  }
  return spec;
}

std::string encode_space(const VectorSpaceSpec& spec) {
  capnp::MallocMessageBuilder message;
  write_space(message.initRoot<schema::VectorSpaceRecord>(), spec);
  return pack(message);
}

Result<VectorSpaceSpec> decode_space(std::string_view bytes) {
  auto decoded = unpack<schema::VectorSpaceRecord>(
      bytes, "vector space",
      [](schema::VectorSpaceRecord::Reader record) -> Result<VectorSpaceSpec> {
        auto spec = read_space(record);
        if (!spec)
          return make_error(errc::io_error, "corrupt vector space record: " + spec.error().message);
        return spec;
      });
  if (!decoded) return decoded.error();
  return std::move(decoded).value();
}

std::string encode_vector(uint64_t version, std::span<const float> vector) {
  std::string out;
  keys::append_u64(out, version);
  out.append(reinterpret_cast<const char*>(vector.data()), vector.size_bytes());
  return out;
}

Result<StoredVector> decode_vector(std::string_view bytes, uint32_t dim) {
  auto floats = std::size_t{dim} * sizeof(float);
  StoredVector out;
  if (bytes.size() == floats + 8) {
    out.version = keys::read_u64(bytes);
    bytes.remove_prefix(8);
  } else if (bytes.size() != floats) {
    return make_error(errc::io_error, "corrupt vector record: " + std::to_string(bytes.size()) +
                                          " bytes, expected " + std::to_string(dim) + " floats");
  }
  out.row.resize(dim);
  std::memcpy(out.row.data(), bytes.data(), floats);
  return out;
}

}  // namespace ds::storage
