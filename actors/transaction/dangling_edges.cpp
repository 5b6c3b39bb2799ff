#include "actors/transaction/dangling_edges.hpp"

#include <map>
#include <set>

#include "protocol/wire/build.hpp"
#include "protocol/wire/read.hpp"
#include "schema/graph.capnp.h"

namespace ds::actors {

using storage::EntityId;

EndpointLookups endpoint_lookups(const std::vector<storage::EdgeRef>& edges, const ShardMap& map,
                                 const StampHeader& stamp) {
  std::map<uint32_t, std::set<EntityId>> ids;
  for (const auto& edge : edges) {
    ids[map.shard_of_id(edge.src)].insert(edge.src);
    ids[map.shard_of_id(edge.dst)].insert(edge.dst);
  }
  EndpointLookups lookups;
  for (const auto& [shard, set] : ids) {
    lookups.shards.push_back(shard);
    auto& list = lookups.ids.emplace_back(set.begin(), set.end());
    lookups.messages.push_back(
        wire::build<schema::NodeLookup>([&](schema::NodeLookup::Builder out) {
          if (stamp) stamp(out.initHeader());
          out.setKeysOnly(true);
          auto wanted = out.initIds(static_cast<unsigned>(list.size()));
          for (unsigned i = 0; i < list.size(); ++i)
            wanted.set(i, list[i]);
        }));
  }
  return lookups;
}

Result<void> add_dangling_deletes(protocol::Owed& into, const std::vector<storage::EdgeRef>& edges,
                                  const EndpointLookups& lookups, const Replies& replies,
                                  const ShardMap& map) {
  std::set<EntityId> gone;
  for (std::size_t s = 0; s < lookups.shards.size() && s < replies.size(); ++s) {
    const auto& list = lookups.ids[s];
    auto read = wire::read<schema::NodeList>(replies[s], [&](schema::NodeList::Reader r) {
      auto nodes = r.getNodes();
      for (unsigned i = 0; i < nodes.size() && i < list.size(); ++i)
        if (!nodes[i].getFound()) gone.insert(list[i]);
    });
    if (!read) return read.error();
  }
  for (const auto& edge : edges) {
    if (!gone.count(edge.src) && !gone.count(edge.dst)) continue;
    into[map.shard_of_id(edge.src)].delete_out.push_back(
        protocol::EdgeEntryData{edge.src, edge.type, edge.dst, {}});
    into[map.shard_of_id(edge.dst)].delete_in.push_back(
        protocol::EdgeEntryData{edge.dst, edge.type, edge.src, {}});
  }
  return {};
}

}  // namespace ds::actors
