#pragma once

// Internal to storage/graph: what GraphStore and GraphWriteBatch share.

#include <filesystem>
#include <atomic>
#include <map>
#include <shared_mutex>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <rocksdb/db.h>

#include "storage/graph/graph_store.hpp"
#include "storage/vector/vector_space.hpp"

namespace ds::storage {

struct GraphStore::State {
  std::filesystem::path dir;
  GraphStoreOptions options;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // destroyed before db
  rocksdb::ColumnFamilyHandle* nodes = nullptr;
  rocksdb::ColumnFamilyHandle* keys = nullptr;
  rocksdb::ColumnFamilyHandle* out = nullptr;
  rocksdb::ColumnFamilyHandle* in = nullptr;
  rocksdb::ColumnFamilyHandle* labels = nullptr;
  rocksdb::ColumnFamilyHandle* meta = nullptr;
  rocksdb::ColumnFamilyHandle* outbox = nullptr;
  rocksdb::ColumnFamilyHandle* vectors = nullptr;
  rocksdb::ColumnFamilyHandle* postings = nullptr;
  rocksdb::ColumnFamilyHandle* documents = nullptr;
  rocksdb::ColumnFamilyHandle* terms = nullptr;

  // Mirrors of `meta`, loaded at open and updated after each commit.
  std::unordered_map<uint64_t, std::string> type_names;
  /// Written by the writer's commits, read by other threads too (the vector
  /// shard): those reads hold `spaces_mutex` shared, the commit's update
  /// holds it alone. The writer's own reads need no lock.
  std::map<std::string, VectorSpaceSpec, std::less<>> spaces;
  mutable std::shared_mutex spaces_mutex;
  std::unordered_map<uint32_t, uint64_t> next_sequence;  // absent: 0
  GraphCounts counts;
  uint64_t documents_count = 0;  // full-text documents
  uint64_t documents_length = 0;  // their terms, summed
  /// Bumped by each committed batch that changes vectors; each vector record
  /// carries the version of its batch (what a snapshot's catch-up compares).
  /// Atomic: the vector shard reads it while the graph shard commits.
  std::atomic<uint64_t> vector_version{0};

  ~State();
};

}  // namespace ds::storage
