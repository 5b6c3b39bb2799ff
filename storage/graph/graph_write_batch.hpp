#pragma once

// Writes to one GraphStore, applied all or nothing by commit(): one RocksDB
// WriteBatch with the WAL on. Reads made while building the batch (does this
// key exist? which labels did the node have?) see the batch's own earlier
// writes. A batch that fails validation or whose commit fails leaves the
// store exactly as it was; discard it.

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <rocksdb/utilities/write_batch_with_index.h>

#include "common/result.hpp"
#include "storage/graph/graph_store.hpp"

namespace ds::storage {

/// The edges a deleted node took with it, whose other entry lives with the
/// other endpoint: `outgoing` edges still have an `in` entry at their target,
/// `incoming` ones an `out` entry at their source. The caller removes those.
struct DeletedEdges {
  std::vector<EdgeRef> outgoing;
  std::vector<EdgeRef> incoming;
};

class GraphWriteBatch {
 public:
  /// At most one open batch per store.
  explicit GraphWriteBatch(GraphStore& store);
  ~GraphWriteBatch();

  /// Creates the node with external key `key`, or replaces the labels and
  /// properties of the existing one. Returns its id: the existing one's, else
  /// `reserved` (an id reserve_id() gave out for this key) or a fresh one.
  Result<EntityId> upsert_node(std::string_view key, std::vector<std::string> labels,
                               Properties properties, EntityId reserved = 0);

  /// upsert_node for a node that must be new (a CREATE that names its key):
  /// nullopt, writing nothing, when the key has a node (in the store or made
  /// earlier in this batch); the caller says why that is an error. One read
  /// of the key decides both.
  Result<std::optional<EntityId>> create_node(std::string_view key, std::vector<std::string> labels,
                                              Properties properties, EntityId reserved = 0);

  /// An id for a node with key `key` that is made later (a writing query
  /// needs its nodes' ids before it commits them): taken from the key's slot
  /// like any other, so an id reserved and never used is only a gap.
  Result<EntityId> reserve_id(std::string_view key) { return allocate_id(key); }

  /// The id of `key`'s node, creating a bare one (no labels, no properties)
  /// when there is none; an existing node is left as it is.
  Result<EntityId> ensure_node(std::string_view key);

  /// Deletes a node and the edge entries this store holds for it.
  /// errc::not_found when there is no such node.
  Result<DeletedEdges> delete_node(EntityId id);

  /// The `out` entry of src -[type]-> dst; src must be a node of this store.
  Result<void> put_out_edge(EntityId src, std::string_view type, EntityId dst,
                            const Properties& properties = {});
  /// The `in` entry of src -[type]-> dst; dst must be a node of this store.
  Result<void> put_in_edge(EntityId dst, std::string_view type, EntityId src);

  /// Return whether the entry existed.
  Result<bool> delete_out_edge(EntityId src, std::string_view type, EntityId dst);
  Result<bool> delete_in_edge(EntityId dst, std::string_view type, EntityId src);

  /// Defines a vector space. The same definition again changes nothing;
  /// another one under an existing name is errc::already_exists.
  Result<void> put_space(const VectorSpaceSpec& spec);
  /// Removes a space and every vector in it; not_found when there is none.
  Result<void> delete_space(std::string_view name);
  /// The vector of node `id` in `space`: the space must exist and the
  /// vector have its dimension; the node must be in this store.
  Result<void> put_vector(std::string_view space, EntityId id, std::span<const float> vector);
  /// Returns whether there was one.
  Result<bool> delete_vector(std::string_view space, EntityId id);

  /// Indexes `terms` (a tokenized text; repeats count) as the full-text
  /// document of node `id`, replacing the one it had. No terms: no document.
  Result<void> put_document(EntityId id, const std::vector<std::string>& terms);
  /// Returns whether there was one.
  Result<bool> delete_document(EntityId id);

  /// Records the writes `shard` owes for `batch`, committed with this batch.
  void put_outbox(uint64_t batch, uint32_t shard, std::string_view writes);
  /// Drops `batch`'s outbox records: every shard committed its part.
  Result<void> settle_outbox(uint64_t batch);

  /// Applies every write atomically; the batch is empty afterwards.
  Result<void> commit();

 private:
  using Family = rocksdb::ColumnFamilyHandle*;

  Result<std::optional<std::string>> read(Family family, const std::string& key);
  Result<uint64_t> type_code(std::string_view type);
  Result<EntityId> allocate_id(std::string_view key);
  enum class IfExists { replace, refuse };
  /// The node's id; nullopt when it exists and `if_exists` is refuse.
  Result<std::optional<EntityId>> write_node(std::string_view key, std::vector<std::string> labels,
                                             Properties properties, EntityId reserved,
                                             IfExists if_exists);
  /// `id` if it was reserved for `key` (its slot, a sequence given out) and is free.
  Result<EntityId> check_reserved(std::string_view key, EntityId id);
  Result<void> require_node(EntityId id, std::string_view role);
  /// The space as this batch sees it (its own puts and deletes first).
  Result<std::optional<VectorSpaceSpec>> find_space(std::string_view name);
  void put(Family family, const std::string& key, std::string_view value);
  void erase(Family family, const std::string& key);
  Result<std::vector<std::string>> keys_with_prefix(Family family, const std::string& prefix);
  void reset();

  GraphStore::State& store_;
  rocksdb::WriteBatchWithIndex batch_;
  std::unordered_map<uint32_t, uint64_t> next_sequence_;  // slots touched by this batch
  std::unordered_map<uint64_t, std::string> new_types_;
  // Space changes, applied to the store's mirror after commit; nullopt: deleted.
  std::map<std::string, std::optional<VectorSpaceSpec>, std::less<>> space_changes_;
  /// Document frequencies change by the sum of a batch's deltas per term,
  /// read and written once at commit (stage_df), not once per document.
  void add_df(uint64_t term, int64_t delta);
  Result<void> stage_df();
  std::unordered_map<uint64_t, int64_t> df_deltas_;
  std::unordered_set<EntityId> documentless_;
  bool vectors_changed_ = false;  // bumps the store's vector version at commit  // created by this
                                  // batch, no document put yet
  int64_t nodes_delta_ = 0;
  int64_t documents_delta_ = 0;
  int64_t length_delta_ = 0;
  int64_t out_delta_ = 0;
  int64_t in_delta_ = 0;
};

}  // namespace ds::storage
