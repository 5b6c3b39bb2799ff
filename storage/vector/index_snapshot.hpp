#pragma once

// A snapshot of one space's index on one shard, so that a start loads it
// instead of rebuilding (an HNSW graph of 1M vectors takes minutes to build).
//
// The file: "DSVSNAP1", the store's vector version it covers (u64), the
// space's spec as text (u32 length + bytes), the index's bytes
// (VectorIndex::serialize, u64 length + bytes), then an XXH64 of everything
// before it. It is written to a temporary file, fsynced, and renamed over the
// old one (then the folder is fsynced), so a crash leaves the old snapshot or
// the new one, never half of one. FAISS reads only bytes whose checksum
// matches: a file it did not write is refused before it sees it.
//
// What changed after the covered version is in the store: vectors with a
// larger version, and ids the store no longer has (docs/vector-search.md).

#include <cstdint>
#include <filesystem>
#include <memory>

#include "common/result.hpp"
#include "storage/vector/vector_index.hpp"

namespace ds::storage {

struct LoadedSnapshot {
  std::unique_ptr<VectorIndex> index;
  uint64_t version = 0;  ///< the store's vector version it covers
};

Result<void> write_snapshot(const std::filesystem::path& path, const VectorIndex& index,
                            uint64_t version);

/// not_found when there is no file; io_error, saying why, when it is cut
/// short, fails its checksum or was written for another spec of the space.
Result<LoadedSnapshot> read_snapshot(const std::filesystem::path& path,
                                     const VectorSpaceSpec& spec);

}  // namespace ds::storage
