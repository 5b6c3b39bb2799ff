#pragma once

// The FAISS index of one vector space on one shard, keyed by entity id.
//
// Ids: FAISS numbers vectors 0, 1, 2, ... as they are added; the index keeps
// the entity id of each and a tombstone bit. An upsert of an existing id
// tombstones its old vector and adds the new one; a delete tombstones. Every
// search passes FAISS an IDSelector that skips tombstones (and, for a
// filtered search, ids outside the filter), so removal works the same for
// every index kind, HNSW included, which FAISS cannot remove from. When
// tombstones pass a quarter of the index, wants_rebuild() says so and the
// owner rebuilds from the vectors it stores (RocksDB is the truth).
//
// Training: an index that needs it (IVF, PQ) starts as an exact flat index
// and is trained on the vectors it holds once there are enough (39 per IVF
// list, FAISS's own rule of thumb; 10,000 for other trained kinds); until
// then searches are exact.
//
// Threads: one writer at a time (the shard actor); searches may run
// concurrently with each other, not with writes (HNSW searches of one index
// take turns: FAISS 1.7.3 reads efSearch from the index, not the call).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/result.hpp"
#include "storage/graph/graph_keys.hpp"
#include "storage/vector/vector_space.hpp"

namespace faiss {
struct Index;
}

namespace ds::storage {

struct VectorHit {
  EntityId id = 0;
  /// l2: the Euclidean distance (smaller is closer); ip and cosine: the
  /// similarity (larger is closer).
  float score = 0;
};

class VectorIndex {
 public:
  static constexpr std::size_t kExactFilterSize = 4096;
  /// A flat index with at most this many tombstones searches for k + that
  /// many and drops the dead (keeping FAISS's batched path); more use a selector.
  static constexpr std::size_t kMaxOversample = 4096;

  /// check_fields(spec), and FAISS can build the index it names.
  static Result<void> check(const VectorSpaceSpec& spec);
  /// An empty index for `spec` (checked first).
  static Result<std::unique_ptr<VectorIndex>> create(VectorSpaceSpec spec);
  ~VectorIndex();
  VectorIndex(const VectorIndex&) = delete;
  VectorIndex& operator=(const VectorIndex&) = delete;

  const VectorSpaceSpec& spec() const { return spec_; }

  /// Adds or replaces the vectors of `ids`; `vectors` holds ids.size() * dim
  /// floats, row by row. A wrong length, a NaN or infinite component, or (for
  /// cosine) a zero vector fails the whole call and changes nothing.
  Result<void> upsert(std::span<const EntityId> ids, std::span<const float> vectors);

  /// Removes the vectors of `ids`; returns how many of them there were.
  std::size_t remove(std::span<const EntityId> ids);

  bool contains(EntityId id) const { return slots_.count(id) != 0; }
  /// The live ids, in no order.
  std::vector<EntityId> ids() const;
  /// The live vectors as the index keeps them (normalised for cosine),
  /// row by row, and their ids: a compute unit's copy of a `device: gpu`
  /// space (Flat). Fails for indexes that cannot give vectors back (PQ).
  struct Live {
    std::vector<EntityId> ids;
    std::vector<float> rows;
  };
  Result<Live> live_vectors() const;
  /// The live vectors of those of `ids` the index holds (the others left
  /// out): what changed since a compute unit's copy was made.
  Result<Live> vectors_of(std::span<const EntityId> ids) const;
  std::size_t size() const { return slots_.size(); }
  /// False while an IVF/PQ index still collects vectors to train on.
  bool trained() const { return !staging_; }
  bool wants_rebuild() const;

  /// The index as bytes: FAISS's own serialization, the entity id of each
  /// FAISS number and the tombstones (vector_index_io.cpp). Snapshots
  /// (index_snapshot.hpp) wrap them with a checksum.
  std::string serialize() const;
  /// The index serialize() wrote for `spec`; the caller has checked that the
  /// bytes are the ones written (FAISS reads only what it wrote).
  static Result<std::unique_ptr<VectorIndex>> deserialize(VectorSpaceSpec spec,
                                                          std::string_view bytes);

  /// Replaces everything with `ids`/`vectors` (as upsert takes them): the
  /// remedy for tombstones, and how an index is loaded from the store.
  Result<void> rebuild(std::span<const EntityId> ids, std::span<const float> vectors);

  /// The `k` nearest live vectors to each query (`queries` holds n * dim
  /// floats), best first; with `only`, among those ids alone: exactly when
  /// there are at most kExactFilterSize of them (the vectors are compared one
  /// by one), else through FAISS with a selector.
  Result<std::vector<std::vector<VectorHit>>> search(
      std::span<const float> queries, std::size_t k, const SearchParams& params = {},
      const std::unordered_set<EntityId>* only = nullptr) const;

 private:
  explicit VectorIndex(VectorSpaceSpec spec);
  Result<std::vector<float>> prepared(std::span<const EntityId> ids,
                                      std::span<const float> vectors) const;
  void add(std::span<const EntityId> ids, const std::vector<float>& rows);
  Result<void> train_if_ready();
  /// Scores every vector of `only` against each query: for filters small
  /// enough, where a graph or list search could miss filtered ids.
  Result<std::vector<std::vector<VectorHit>>> exact_search(
      const std::vector<float>& queries, std::size_t k,
      const std::unordered_set<EntityId>& only) const;
  float score(const float* query, const float* row) const;

  VectorSpaceSpec spec_;
  std::unique_ptr<faiss::Index> index_;
  bool staging_ = false;                         // index_ is the exact stand-in
  std::size_t train_size_ = 0;                   // vectors to collect before training
  std::vector<EntityId> labels_;                 // FAISS number -> entity id
  std::vector<char> dead_;                       // FAISS number -> tombstone
  std::unordered_map<EntityId, int64_t> slots_;  // live entity id -> FAISS number
  std::size_t dead_count_ = 0;
  mutable std::mutex hnsw_mutex_;  // efSearch is index state in FAISS 1.7.3
};

}  // namespace ds::storage
