#pragma once

// The graph store of one shard: a RocksDB instance with one column family
// per index (layout in graph_keys.hpp). Reads are methods here; writes go
// through a GraphWriteBatch, applied atomically in one WriteBatch with the WAL
// on. The store knows nothing of other shards: an edge has an `out` entry in
// its source's store and an `in` entry in its target's, and the caller (the
// shard actor) writes both.
//
// Threads: reads may run concurrently; writes come from one owner at a time
// (the shard actor), one batch at a time.

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "storage/graph/graph_types.hpp"
#include "storage/vector/vector_space.hpp"

namespace ds::storage {

struct GraphStoreOptions {
  bool sync = false;  ///< fsync the WAL at every commit (survives power loss; slower)
  uint64_t block_cache_bytes = uint64_t{32} << 20;
};

/// Writes another shard owes for a batch that spans shards, kept until the
/// batch is settled (docs/graph-sharding.md). `writes` is opaque here: the
/// shard actor's encoding.
struct OutboxRecord {
  uint64_t batch = 0;
  uint32_t shard = 0;  ///< the shard that owes the writes
  std::string writes;
};

/// Every vector of a space in one store: ids, and their rows one after
/// another (dim floats each), in id order.
struct StoredVectors {
  std::vector<EntityId> ids;
  std::vector<uint64_t> versions;  ///< the vector version of the batch that wrote each
  std::vector<float> rows;
};

class GraphStore {
 public:
  /// Opens (creating if needed) the store in `dir`.
  static Result<std::unique_ptr<GraphStore>> open(const std::filesystem::path& dir,
                                                  const GraphStoreOptions& options = {});
  ~GraphStore();

  GraphStore(const GraphStore&) = delete;
  GraphStore& operator=(const GraphStore&) = delete;

  Result<std::optional<EntityId>> find(std::string_view key) const;
  Result<std::optional<Node>> get(EntityId id) const;
  /// The external key of `id`, without decoding labels or properties.
  Result<std::optional<std::string>> key_of(EntityId id) const;

  /// Edges of `id` held here, of the given types (empty: all), in the given
  /// direction; ordered by direction (out first), type code, then neighbour id.
  Result<std::vector<Neighbour>> neighbours(EntityId id, const std::vector<std::string>& types,
                                            Direction direction) const;

  /// The properties of an edge whose `out` entry lives here; nullopt if absent.
  Result<std::optional<Properties>> edge_properties(EntityId src, std::string_view type,
                                                    EntityId dst) const;

  /// Ids of the nodes with `label`, in id order.
  Result<std::vector<EntityId>> scan_label(std::string_view label) const;

  /// Calls `visit` with every node having `label` (empty: every node), in id
  /// order, until it returns false. A query's scan reads the store this way.
  Result<void> scan_nodes(std::string_view label,
                          const std::function<bool(const Node&)>& visit) const;

  /// The vector spaces defined in this store.
  std::vector<VectorSpaceSpec> spaces() const;
  /// The vector of `id` in `space`; nullopt if it has none; not_found for an
  /// unknown space.
  Result<std::optional<std::vector<float>>> vector(std::string_view space, EntityId id) const;
  /// Every vector of `space`: what its index is built from at start.
  Result<StoredVectors> vectors(std::string_view space) const;
  /// How many committed batches changed vectors: read it before vectors()
  /// and every vector written after the read has a larger version.
  uint64_t vector_version() const;

  /// This store's full-text statistics, with the document frequency of
  /// each of `terms`.
  Result<TextStats> text_stats(const std::vector<std::string>& terms) const;
  /// The `k` best documents here for the query `terms` by BM25, scored with
  /// `global` (text_stats summed over every shard, df in `terms` order), best
  /// first; ties by id.
  Result<std::vector<TextHit>> search_text(const std::vector<std::string>& terms,
                                           const TextStats& global, std::size_t k,
                                           const Bm25Params& params = {}) const;

  /// Every outbox record, in (batch, shard) order.
  Result<std::vector<OutboxRecord>> outbox() const;

  GraphCounts counts() const;

  /// Makes everything committed durable (fsyncs the WAL): for shutdown.
  Result<void> flush();

  /// Flushes the memtables and compacts every column family down to one
  /// sorted run, waiting until done: a store that reads as a long-running
  /// node's does, with no background work left (benchmarks start from it).
  Result<void> compact();

  const std::filesystem::path& dir() const;

  /// Internal (graph_store_state.hpp): shared with GraphWriteBatch.
  struct State;

 private:
  friend class GraphWriteBatch;
  explicit GraphStore(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace ds::storage
