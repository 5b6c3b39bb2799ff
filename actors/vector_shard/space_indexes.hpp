#pragma once

// The FAISS indexes of one shard's vector spaces, kept equal to what the
// store holds (RocksDB is the truth; docs/vector-search.md, Start, snapshots).
//
// Versions: every committed batch that changes vectors bumps the store's
// vector version, and each vector record carries its batch's version.
// `applied_` says that every change up to it is in every index here. A space
// starts from its snapshot (which covers some version) or is built from the
// store; either way it is then caught up: vectors with a larger version than
// it covers are upserted again, and ids the store no longer has are removed.
// Forwarded updates then keep it current; one whose version skips past
// applied_ + 1 means an update was lost (its vector shard was down), and a
// catch-up fills the gap.
//
// Snapshots are written after a space is built from the store and, for
// spaces that changed, when the shard stops (save_changed).

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "storage/graph/graph_store.hpp"
#include "storage/vector/vector_index.hpp"

namespace ds::actors {

struct AppliedUpdate {
  uint32_t upserted = 0;
  uint32_t deleted = 0;
};

class SpaceIndexes {
 public:
  /// `snapshot_dir` empty: no snapshots (every start builds from the store).
  SpaceIndexes(std::shared_ptr<const storage::GraphStore> store, std::filesystem::path snapshot_dir);

  /// Every space in the store: loaded from its snapshot and caught up, or
  /// built (one log line each, saying which and why).
  Result<void> open_all();

  /// The index of `space`; one defined since is built now; not_found if none.
  Result<storage::VectorIndex*> find(std::string_view space);

  /// A forwarded update of `space`, committed at `version`.
  Result<AppliedUpdate> apply(const std::string& space, uint64_t version,
                              std::span<const storage::EntityId> upsert_ids,
                              std::span<const float> rows,
                              std::span<const storage::EntityId> delete_ids);
  /// The space was dropped: its index and snapshot go.
  void drop(const std::string& space);

  /// Brings every index up to the store's version when it moved on without
  /// telling this shard (before this shard's handle was published).
  Result<void> catch_up();

  /// Writes the snapshots of the spaces changed since their last one.
  void save_changed();

  /// Vectors per space, for stats.
  std::map<std::string, uint64_t> sizes() const;
  const storage::GraphStore& store() const { return *store_; }

 private:
  struct Entry {
    std::unique_ptr<storage::VectorIndex> index;
    bool changed = false;  ///< since its snapshot
  };

  Result<Entry> open(const storage::VectorSpaceSpec& spec);
  Result<Entry> build(const storage::VectorSpaceSpec& spec, uint64_t& covers);
  /// Re-applies what the store changed after `covers` to `index`.
  Result<void> catch_up(storage::VectorIndex& index, uint64_t covers);
  std::filesystem::path snapshot_path(const std::string& space) const;
  void save(const std::string& space, Entry& entry);

  std::shared_ptr<const storage::GraphStore> store_;
  std::filesystem::path snapshot_dir_;
  std::map<std::string, Entry, std::less<>> spaces_;
  uint64_t applied_ = 0;
};

}  // namespace ds::actors
