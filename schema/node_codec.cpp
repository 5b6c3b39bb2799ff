#include "schema/node_codec.hpp"

#include "schema/value_codec.hpp"

namespace ds::schema {

void write_node_upsert(NodeUpsert::Builder out, std::string_view key,
                       const std::vector<std::string>& labels, const Properties& properties) {
  out.setKey(std::string(key));
  auto list = out.initLabels(static_cast<unsigned>(labels.size()));
  for (unsigned i = 0; i < labels.size(); ++i)
    list.set(i, labels[i]);
  write_properties(out.initProperties(static_cast<unsigned>(properties.size())), properties);
}

}  // namespace ds::schema
