#include "actors/graph_shard/vector_changes.hpp"

#include <cmath>
#include <map>
#include <string>

#include "protocol/wire/build.hpp"
#include "schema/lists.hpp"
#include "schema/text.hpp"
#include "schema/vector.capnp.h"
#include "storage/graph/graph_records.hpp"

namespace ds::actors {
namespace {

using storage::EntityId;

/// What one space's index must do after the commit.
struct SpaceUpdate {
  std::vector<EntityId> upserts;
  std::vector<float> rows;
  std::vector<EntityId> deletes;
  bool drop = false;
};

Result<void> check_finite(const std::vector<float>& row) {
  for (std::size_t i = 0; i < row.size(); ++i)
    if (!std::isfinite(row[i]))
      return make_error(errc::invalid_argument, "row[" + std::to_string(i) + "] is " +
                                                    (std::isnan(row[i]) ? "NaN" : "infinite") +
                                                    "; vectors take finite numbers only");
  return {};
}

wire::Envelope update_of(const std::string& space, const SpaceUpdate& update, uint64_t version) {
  return wire::build<schema::VectorUpdate>([&](schema::VectorUpdate::Builder out) {
    out.setSpace(space);
    out.setVersion(version);
    out.setDropSpace(update.drop);
    auto ids = out.initUpsertIds(static_cast<unsigned>(update.upserts.size()));
    for (unsigned i = 0; i < update.upserts.size(); ++i)
      ids.set(i, update.upserts[i]);
    auto rows = out.initRows(static_cast<unsigned>(update.rows.size()));
    for (unsigned i = 0; i < update.rows.size(); ++i)
      rows.set(i, update.rows[i]);
    auto deletes = out.initDeleteIds(static_cast<unsigned>(update.deletes.size()));
    for (unsigned i = 0; i < update.deletes.size(); ++i)
      deletes.set(i, update.deletes[i]);
  });
}

}  // namespace

Result<VectorChanges> stage_vector_changes(const storage::GraphStore& store,
                                           storage::GraphWriteBatch& batch,
                                           schema::ShardWrite::Reader request,
                                           const std::vector<storage::EntityId>& deleted_nodes,
                                           const OwnsKey& owns_key) {
  VectorChanges changes;
  std::map<std::string, SpaceUpdate> by_space;
  unsigned i = 0;
  for (auto record : request.getDefineSpaces()) {
    auto field = "defineSpaces[" + std::to_string(i++) + "]";
    auto spec = storage::read_space(record);
    if (!spec) return error_at(field, spec.error());
    if (auto put = batch.put_space(*spec); !put) return error_at(field, put.error());
  }
  for (auto name : request.getDropSpaces()) {
    auto space = schema::to_string(name);
    if (auto dropped = batch.delete_space(space); !dropped) return dropped.error();
    by_space[space].drop = true;
  }
  i = 0;
  for (auto put : request.getVectors()) {
    auto field = "vectors[" + std::to_string(i++) + "]";
    auto key = schema::to_string(put.getKey());
    auto space = schema::to_string(put.getSpace());
    auto row = schema::to_vector<float>(put.getRow());
    if (auto owned = owns_key(key); !owned) return error_at(field, owned.error());
    if (auto finite = check_finite(row); !finite) return error_at(field, finite.error());
    auto id = batch.ensure_node(key);
    if (!id) return error_at(field, id.error());
    if (auto stored = batch.put_vector(space, *id, row); !stored)
      return error_at(field, stored.error());
    changes.ids.push_back(*id);
    auto& update = by_space[space];
    update.upserts.push_back(*id);
    update.rows.insert(update.rows.end(), row.begin(), row.end());
  }
  i = 0;
  for (auto ref : request.getDeleteVectors()) {
    auto field = "deleteVectors[" + std::to_string(i++) + "]";
    auto key = schema::to_string(ref.getKey());
    auto space = schema::to_string(ref.getSpace());
    if (auto owned = owns_key(key); !owned) return error_at(field, owned.error());
    auto id = store.find(key);
    if (!id) return error_at(field, id.error());
    if (!*id) continue;  // no node, so no vector: deleting it again changes nothing
    auto deleted = batch.delete_vector(space, **id);
    if (!deleted) return error_at(field, deleted.error());
    if (!*deleted) continue;
    ++changes.deleted;
    by_space[space].deletes.push_back(**id);
  }
  for (auto id : deleted_nodes)
    for (const auto& spec : store.spaces()) {
      auto stored = store.vector(spec.name, id);
      if (!stored) return stored.error();
      if (*stored) by_space[spec.name].deletes.push_back(id);
    }
  for (const auto& [space, update] : by_space)
    changes.updates.push_back(update_of(space, update, store.vector_version() + 1));
  return changes;
}

}  // namespace ds::actors
