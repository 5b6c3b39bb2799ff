#include "protocol/codec/edge_entries.hpp"

#include "schema/text.hpp"
#include "schema/value_codec.hpp"

namespace ds::protocol {

std::vector<EdgeEntryData> read_entries(capnp::List<schema::EdgeEntry>::Reader list) {
  std::vector<EdgeEntryData> out;
  out.reserve(list.size());
  for (auto entry : list)
    out.push_back(EdgeEntryData{entry.getFirst(), schema::to_string(entry.getType()),
                                entry.getSecond(), schema::read_properties(entry.getProperties())});
  return out;
}

void fill_entries(capnp::List<schema::EdgeEntry>::Builder list,
                  const std::vector<EdgeEntryData>& entries) {
  for (unsigned i = 0; i < entries.size(); ++i) {
    list[i].setFirst(entries[i].first);
    list[i].setType(entries[i].type);
    list[i].setSecond(entries[i].second);
    if (!entries[i].properties.empty())
      schema::write_properties(
          list[i].initProperties(static_cast<unsigned>(entries[i].properties.size())),
          entries[i].properties);
  }
}

void add_owed(Owed& into, capnp::List<schema::OwedWrite>::Reader owed) {
  for (auto record : owed) {
    auto& edges = into[record.getShard()];
    for (auto [list, target] :
         {std::pair{record.getOutEdges(), &edges.out}, std::pair{record.getInEdges(), &edges.in},
          std::pair{record.getDeleteOutEdges(), &edges.delete_out},
          std::pair{record.getDeleteInEdges(), &edges.delete_in}}) {
      auto entries = read_entries(list);
      target->insert(target->end(), entries.begin(), entries.end());
    }
  }
}

void fill_owed(schema::OwedWrite::Builder out, uint32_t shard, const OwedEdges& edges) {
  out.setShard(shard);
  auto size = [](const std::vector<EdgeEntryData>& v) { return static_cast<unsigned>(v.size()); };
  fill_entries(out.initOutEdges(size(edges.out)), edges.out);
  fill_entries(out.initInEdges(size(edges.in)), edges.in);
  fill_entries(out.initDeleteOutEdges(size(edges.delete_out)), edges.delete_out);
  fill_entries(out.initDeleteInEdges(size(edges.delete_in)), edges.delete_in);
}

}  // namespace ds::protocol
