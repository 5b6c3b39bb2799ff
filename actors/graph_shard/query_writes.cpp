#include "actors/graph_shard/query_writes.hpp"

#include <algorithm>

#include "schema/text.hpp"
#include "schema/value_codec.hpp"

namespace ds::actors {
namespace {

using storage::EntityId;

/// A patch applied to the node as stored; a node that is gone (deleted by
/// another writer) is left gone.
Result<void> patch_node(const storage::GraphStore& store, const storage::NodeText* text,
                        storage::GraphWriteBatch& batch, schema::NodePatch::Reader patch) {
  auto found = store.get(patch.getId());
  if (!found) return found.error();
  if (!*found) return {};
  auto node = std::move(**found);
  if (patch.getClearProperties()) node.properties.clear();
  for (const auto& [key, value] : schema::read_properties(patch.getSetProperties()))
    node.properties[key] = value;
  for (auto key : patch.getRemoveProperties())
    node.properties.erase(schema::to_string(key));
  for (auto label : patch.getAddLabels())
    node.labels.push_back(schema::to_string(label));
  for (auto label : patch.getRemoveLabels())
    std::erase(node.labels, schema::to_string(label));
  std::sort(node.labels.begin(), node.labels.end());
  node.labels.erase(std::unique(node.labels.begin(), node.labels.end()), node.labels.end());
  auto terms = text ? text->terms(node.properties) : std::vector<std::string>{};
  auto id = batch.upsert_node(node.key, std::move(node.labels), std::move(node.properties));
  if (!id) return id.error();
  if (text) return batch.put_document(*id, terms);
  return {};
}

/// Deletes node `id` with its edges: the other entry of each edge at once
/// when its node lives here too, else owed by the shard that holds it.
Result<void> delete_node(storage::GraphWriteBatch& batch, EntityId id, const ShardPlace& place,
                         QueryWriteChanges& changes) {
  auto deleted = batch.delete_node(id);
  if (!deleted && deleted.error().code == errc::not_found) return {};  // gone already
  if (!deleted) return deleted.error();
  ++changes.deleted_nodes;
  changes.deleted_ids.push_back(id);
  changes.detached_edges +=
      static_cast<uint32_t>(deleted->outgoing.size() + deleted->incoming.size());
  for (const auto& edge : deleted->outgoing) {  // id -> dst: the `in` entry at dst
    auto shard = place.shard_of_id(edge.dst);
    if (shard != place.index) {
      changes.owed[shard].delete_in.push_back(protocol::EdgeEntryData{edge.dst, edge.type, id, {}});
    } else if (auto r = batch.delete_in_edge(edge.dst, edge.type, id); !r) {
      return r.error();
    }
  }
  for (const auto& edge : deleted->incoming) {  // src -> id: the `out` entry at src
    auto shard = place.shard_of_id(edge.src);
    if (shard != place.index) {
      changes.owed[shard].delete_out.push_back(
          protocol::EdgeEntryData{edge.src, edge.type, id, {}});
    } else if (auto r = batch.delete_out_edge(edge.src, edge.type, id); !r) {
      return r.error();
    }
  }
  return {};
}

}  // namespace

Result<QueryWriteChanges> stage_query_writes(const storage::GraphStore& store,
                                             const storage::NodeText* text,
                                             storage::GraphWriteBatch& batch,
                                             schema::ShardWrite::Reader request,
                                             const ShardPlace& place) {
  QueryWriteChanges changes;
  unsigned i = 0;
  for (auto patch : request.getPatches()) {
    auto field = "patches[" + std::to_string(i++) + "]";
    if (auto r = place.owns_id(patch.getId()); !r) return error_at(field, r.error());
    if (auto r = patch_node(store, text, batch, patch); !r) return error_at(field, r.error());
  }
  for (auto [list, out] : {std::pair{request.getDeleteOutEdges(), true},
                           std::pair{request.getDeleteInEdges(), false}}) {
    for (auto edge : list) {
      if (auto r = place.owns_id(edge.getFirst()); !r) return r.error();
      auto type = schema::to_string(edge.getType());
      auto deleted = out ? batch.delete_out_edge(edge.getFirst(), type, edge.getSecond())
                         : batch.delete_in_edge(edge.getFirst(), type, edge.getSecond());
      if (!deleted) return deleted.error();
    }
  }
  auto deletes = request.getDeleteNodes();
  if (deletes.size() > 0 && request.getBatchId() == 0)
    return make_error(errc::invalid_argument,
                      "deleteNodes needs a batchId: the outbox records their edges' other entries");
  i = 0;
  for (auto id : deletes) {
    auto field = "deleteNodes[" + std::to_string(i++) + "]";
    if (auto r = place.owns_id(id); !r) return error_at(field, r.error());
    if (auto r = delete_node(batch, id, place, changes); !r) return error_at(field, r.error());
  }
  return changes;
}

}  // namespace ds::actors
