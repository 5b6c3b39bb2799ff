#include "actors/vector_shard/space_indexes.hpp"

#include <algorithm>
#include <unordered_set>
#include <vector>

#include <spdlog/spdlog.h>

#include "storage/vector/index_snapshot.hpp"

namespace ds::actors {

using storage::EntityId;

SpaceIndexes::SpaceIndexes(std::shared_ptr<const storage::GraphStore> store,
                           std::filesystem::path snapshot_dir)
    : store_(std::move(store)), snapshot_dir_(std::move(snapshot_dir)) {}

Result<void> SpaceIndexes::open_all() {
  applied_ = store_->vector_version();  // before any read: later writes have larger versions
  for (const auto& spec : store_->spaces()) {
    auto entry = open(spec);
    if (!entry) return entry.error();
    spaces_.insert_or_assign(spec.name, std::move(entry).value());
  }
  return {};
}

std::filesystem::path SpaceIndexes::snapshot_path(const std::string& space) const {
  return snapshot_dir_ / (space + ".snapshot");
}

Result<SpaceIndexes::Entry> SpaceIndexes::build(const storage::VectorSpaceSpec& spec,
                                                uint64_t& covers) {
  covers = store_->vector_version();
  auto index = storage::VectorIndex::create(spec);
  if (!index) return index.error();
  auto vectors = store_->vectors(spec.name);
  if (!vectors) return vectors.error();
  if (auto rebuilt = (*index)->rebuild(vectors->ids, vectors->rows); !rebuilt)
    return rebuilt.error();
  return Entry{std::move(index).value(), true};
}

Result<SpaceIndexes::Entry> SpaceIndexes::open(const storage::VectorSpaceSpec& spec) {
  const auto dir = store_->dir().filename().string();
  if (!snapshot_dir_.empty()) {
    auto loaded = storage::read_snapshot(snapshot_path(spec.name), spec);
    if (loaded) {
      if (auto caught_up = catch_up(*loaded->index, loaded->version); !caught_up)
        return caught_up.error();
      spdlog::info("vector space {} (shard {}): loaded its snapshot, {} vectors", spec.name, dir,
                   loaded->index->size());
      return Entry{std::move(loaded->index), loaded->version < applied_};
    }
    if (loaded.error().code != errc::not_found)
      spdlog::warn("vector space {} (shard {}): snapshot refused ({}); rebuilding it from the store",
                   spec.name, dir, loaded.error().message);
  }
  uint64_t covers = 0;
  auto entry = build(spec, covers);
  if (!entry) return entry.error();
  if (!snapshot_dir_.empty() && entry->index->size() > 0) {
    spdlog::info("vector space {} (shard {}): built from the store, {} vectors", spec.name, dir,
                 entry->index->size());
    save(spec.name, *entry);
  }
  return entry;
}

Result<void> SpaceIndexes::catch_up(storage::VectorIndex& index, uint64_t covers) {
  auto stored = store_->vectors(index.spec().name);
  if (!stored) return stored.error();
  auto dim = index.spec().dim;
  std::vector<EntityId> changed;
  std::vector<float> rows;
  std::unordered_set<EntityId> live(stored->ids.begin(), stored->ids.end());
  for (std::size_t i = 0; i < stored->ids.size(); ++i)
    if (stored->versions[i] > covers) {
      changed.push_back(stored->ids[i]);
      auto row = stored->rows.begin() + static_cast<std::ptrdiff_t>(i * dim);
      rows.insert(rows.end(), row, row + dim);
    }
  if (auto upserted = index.upsert(changed, rows); !upserted) return upserted;
  std::vector<EntityId> gone;
  for (auto id : index.ids())
    if (!live.count(id)) gone.push_back(id);
  index.remove(gone);
  return {};
}

Result<void> SpaceIndexes::catch_up() {
  auto version = store_->vector_version();
  if (version == applied_) return {};
  std::unordered_set<std::string> defined;
  for (const auto& spec : store_->spaces())
    defined.insert(spec.name);
  for (auto it = spaces_.begin(); it != spaces_.end();) {
    if (!defined.count(it->first)) {  // dropped while this shard did not hear of it
      it = spaces_.erase(it);
      continue;
    }
    if (auto caught_up = catch_up(*it->second.index, applied_); !caught_up) return caught_up;
    it->second.changed = true;
    ++it;
  }
  applied_ = version;
  return {};
}

Result<storage::VectorIndex*> SpaceIndexes::find(std::string_view space) {
  if (auto it = spaces_.find(space); it != spaces_.end()) return it->second.index.get();
  for (const auto& spec : store_->spaces())
    if (spec.name == space) {
      uint64_t covers = 0;
      auto entry = build(spec, covers);
      if (!entry) return entry.error();
      auto* index = entry->index.get();
      spaces_.insert_or_assign(spec.name, std::move(entry).value());
      return index;
    }
  return make_error(errc::not_found, "no vector space \"" + std::string(space) + "\"");
}

Result<AppliedUpdate> SpaceIndexes::apply(const std::string& space, uint64_t version,
                                          std::span<const EntityId> upsert_ids,
                                          std::span<const float> rows,
                                          std::span<const EntityId> delete_ids) {
  if (version > applied_ + 1)  // an update between went to a shard that was down
    if (auto caught_up = catch_up(); !caught_up) return caught_up.error();
  auto index = find(space);
  if (!index) return index.error();
  if (auto upserted = (*index)->upsert(upsert_ids, rows); !upserted) {
    // The store has what the index missed: the next use rebuilds from it.
    spaces_.erase(space);
    return upserted.error();
  }
  AppliedUpdate out{static_cast<uint32_t>(upsert_ids.size()),
                    static_cast<uint32_t>((*index)->remove(delete_ids))};
  auto& entry = spaces_.find(space)->second;
  entry.changed = true;
  applied_ = std::max(applied_, version);
  if (entry.index->wants_rebuild()) {
    uint64_t covers = 0;
    auto rebuilt = build(entry.index->spec(), covers);
    if (!rebuilt) return rebuilt.error();
    entry = std::move(rebuilt).value();
  }
  return out;
}

void SpaceIndexes::drop(const std::string& space) {
  spaces_.erase(space);
  if (snapshot_dir_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove(snapshot_path(space), ignored);
}

void SpaceIndexes::save(const std::string& space, Entry& entry) {
  if (snapshot_dir_.empty()) return;
  // One version back: a batch that changed two spaces may have reached only
  // one of them yet, and re-applying a version at the next start is harmless.
  auto covers = applied_ > 0 ? applied_ - 1 : 0;
  if (auto written = storage::write_snapshot(snapshot_path(space), *entry.index, covers); !written) {
    spdlog::error("vector space {}: snapshot not written: {}", space, written.error().message);
    return;
  }
  entry.changed = false;
}

void SpaceIndexes::save_changed() {
  for (auto& [space, entry] : spaces_)
    if (entry.changed) save(space, entry);
}

std::map<std::string, uint64_t> SpaceIndexes::sizes() const {
  std::map<std::string, uint64_t> out;
  for (const auto& [space, entry] : spaces_)
    out[space] = entry.index->size();
  return out;
}

}  // namespace ds::actors
