// GraphWriteBatch: nodes, edges, ids, the outbox and the commit (vector
// spaces and vectors: graph_write_batch_vectors.cpp; full-text documents:
// graph_write_batch_text.cpp).

#include "storage/graph/graph_write_batch.hpp"

#include <algorithm>

#include <rocksdb/comparator.h>

#include "storage/graph/graph_records.hpp"
#include "storage/graph/graph_store_state.hpp"
#include "storage/graph/rocks_error.hpp"

namespace ds::storage {
namespace {

constexpr std::size_t kMaxKeyBytes = 4096;

}  // namespace

GraphWriteBatch::GraphWriteBatch(GraphStore& store)
    : store_(*store.state_), batch_(rocksdb::BytewiseComparator(), 0, /*overwrite_key=*/true) {}

GraphWriteBatch::~GraphWriteBatch() = default;

Result<std::optional<std::string>> GraphWriteBatch::read(Family family, const std::string& key) {
  std::string value;
  auto status =
      batch_.GetFromBatchAndDB(store_.db.get(), rocksdb::ReadOptions(), family, key, &value);
  if (status.IsNotFound()) return std::optional<std::string>{};
  if (!status.ok()) return from_rocks(status, "read");
  return std::optional<std::string>{std::move(value)};
}

void GraphWriteBatch::put(Family family, const std::string& key, std::string_view value) {
  batch_.Put(family, key, rocksdb::Slice(value.data(), value.size()));
}

void GraphWriteBatch::erase(Family family, const std::string& key) { batch_.Delete(family, key); }

Result<std::vector<std::string>> GraphWriteBatch::keys_with_prefix(Family family,
                                                                   const std::string& prefix) {
  std::unique_ptr<rocksdb::Iterator> it(
      batch_.NewIteratorWithBase(family, store_.db->NewIterator(rocksdb::ReadOptions(), family)));
  std::vector<std::string> found;
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next())
    found.emplace_back(it->key().data(), it->key().size());
  if (auto status = it->status(); !status.ok()) return from_rocks(status, "scan");
  return found;
}

Result<uint64_t> GraphWriteBatch::type_code(std::string_view type) {
  if (type.empty()) return make_error(errc::invalid_argument, "relation type must not be empty");
  auto code = name_code(type);
  const std::string* known = nullptr;
  if (auto it = store_.type_names.find(code); it != store_.type_names.end())
    known = &it->second;
  else if (auto fresh = new_types_.find(code); fresh != new_types_.end())
    known = &fresh->second;
  if (known == nullptr) {
    new_types_.emplace(code, std::string(type));
    put(store_.meta, keys::type_name(code), type);
  } else if (*known != type) {
    return make_error(errc::invalid_argument, "relation type \"" + std::string(type) +
                                                  "\" has the same 64-bit code as \"" + *known +
                                                  "\"; rename one of them");
  }
  return code;
}

Result<EntityId> GraphWriteBatch::allocate_id(std::string_view key) {
  auto slot = slot_of_key(key);
  auto pending = next_sequence_.find(slot);
  uint64_t sequence = 0;
  if (pending != next_sequence_.end()) {
    sequence = pending->second;
  } else if (auto stored = store_.next_sequence.find(slot); stored != store_.next_sequence.end()) {
    sequence = stored->second;
  }
  if (sequence > kMaxSequence)
    return make_error(errc::unavailable, "hash slot " + std::to_string(slot) + " has no ids left");
  next_sequence_[slot] = sequence + 1;
  put(store_.meta, keys::sequence(slot), keys::u64_value(sequence + 1));
  return make_id(slot, sequence);
}

Result<EntityId> GraphWriteBatch::check_reserved(std::string_view key, EntityId id) {
  auto slot = slot_of_key(key);
  auto next = store_.next_sequence.find(slot);
  auto pending = next_sequence_.find(slot);
  uint64_t issued = pending != next_sequence_.end()      ? pending->second
                    : next != store_.next_sequence.end() ? next->second
                                                         : 0;
  if (slot_of_id(id) != slot || (id & kMaxSequence) >= issued)
    return make_error(errc::invalid_argument, "id " + id_hex(id) + " was not reserved for key \"" +
                                                  std::string(key) + "\"");
  auto taken = read(store_.nodes, keys::node(id));
  if (!taken) return taken.error();
  if (*taken)
    return make_error(errc::already_exists, "id " + id_hex(id) + " belongs to another node");
  return id;
}

Result<void> GraphWriteBatch::require_node(EntityId id, std::string_view role) {
  auto node = read(store_.nodes, keys::node(id));
  if (!node) return node.error();
  if (!*node)
    return make_error(errc::not_found,
                      std::string(role) + " node " + id_hex(id) + " is not in this store");
  return {};
}

Result<EntityId> GraphWriteBatch::upsert_node(std::string_view key, std::vector<std::string> labels,
                                              Properties properties, EntityId reserved) {
  auto id = write_node(key, std::move(labels), std::move(properties), reserved, IfExists::replace);
  if (!id) return id.error();
  return **id;
}

Result<std::optional<EntityId>> GraphWriteBatch::create_node(std::string_view key,
                                                             std::vector<std::string> labels,
                                                             Properties properties,
                                                             EntityId reserved) {
  return write_node(key, std::move(labels), std::move(properties), reserved, IfExists::refuse);
}

Result<std::optional<EntityId>> GraphWriteBatch::write_node(std::string_view key,
                                                            std::vector<std::string> labels,
                                                            Properties properties,
                                                            EntityId reserved, IfExists if_exists) {
  if (key.empty()) return make_error(errc::invalid_argument, "node key must not be empty");
  if (key.size() > kMaxKeyBytes)
    return make_error(errc::invalid_argument, "node key of " + std::to_string(key.size()) +
                                                  " bytes exceeds " + std::to_string(kMaxKeyBytes));
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  if (!labels.empty() && labels.front().empty())
    return make_error(errc::invalid_argument, "labels must not be empty strings");

  std::string key_bytes(key);
  auto existing = read(store_.keys, key_bytes);
  if (!existing) return existing.error();
  if (*existing && if_exists == IfExists::refuse) return std::nullopt;
  EntityId id = 0;
  std::vector<std::string> old_labels;
  if (*existing) {
    id = keys::read_u64(**existing);
    auto old = read(store_.nodes, keys::node(id));
    if (!old) return old.error();
    if (*old) {
      auto node = decode_node(id, **old);
      if (!node) return node.error();
      old_labels = std::move(node->labels);
    }
  } else {
    auto allocated = reserved ? check_reserved(key, reserved) : allocate_id(key);
    if (!allocated) return allocated.error();
    id = *allocated;
    put(store_.keys, key_bytes, keys::u64_value(id));
    ++nodes_delta_;
    documentless_.insert(id);
  }
  for (const auto& label : old_labels)
    if (!std::binary_search(labels.begin(), labels.end(), label))
      erase(store_.labels, keys::label(name_code(label), id));
  for (const auto& label : labels)
    put(store_.labels, keys::label(name_code(label), id), {});
  put(store_.nodes, keys::node(id),
      encode_node(Node{id, key_bytes, std::move(labels), std::move(properties)}));
  return id;
}

Result<EntityId> GraphWriteBatch::ensure_node(std::string_view key) {
  if (key.empty() || key.size() > kMaxKeyBytes) return upsert_node(key, {}, {});  // its error
  auto existing = read(store_.keys, std::string(key));
  if (!existing) return existing.error();
  if (*existing) return keys::read_u64(**existing);
  return upsert_node(key, {}, {});
}

Result<DeletedEdges> GraphWriteBatch::delete_node(EntityId id) {
  auto record = read(store_.nodes, keys::node(id));
  if (!record) return record.error();
  if (!*record) return make_error(errc::not_found, "node " + id_hex(id) + " does not exist");
  auto node = decode_node(id, **record);
  if (!node) return node.error();
  erase(store_.nodes, keys::node(id));
  erase(store_.keys, node->key);
  for (const auto& [name, spec] : store_.spaces)
    erase(store_.vectors, keys::vector(name_code(name), id));
  documentless_.erase(id);
  if (auto document = delete_document(id); !document) return document.error();
  for (const auto& label : node->labels)
    erase(store_.labels, keys::label(name_code(label), id));
  --nodes_delta_;

  DeletedEdges deleted;
  auto type_name = [&](uint64_t code) {
    auto known = store_.type_names.find(code);
    if (known != store_.type_names.end()) return known->second;
    auto fresh = new_types_.find(code);
    return fresh != new_types_.end() ? fresh->second : std::string();
  };
  for (auto [family, outgoing] : {std::pair{store_.out, true}, std::pair{store_.in, false}}) {
    auto entries = keys_with_prefix(family, keys::edge_prefix(id));
    if (!entries) return entries.error();
    for (const auto& key : *entries) {
      erase(family, key);
      auto other = keys::read_u64(key, 16);
      auto type = type_name(keys::read_u64(key, 8));
      if (outgoing) {
        deleted.outgoing.push_back(EdgeRef{id, std::move(type), other});
        --out_delta_;
      } else {
        deleted.incoming.push_back(EdgeRef{other, std::move(type), id});
        --in_delta_;
      }
    }
  }
  return deleted;
}

Result<void> GraphWriteBatch::put_out_edge(EntityId src, std::string_view type, EntityId dst,
                                           const Properties& properties) {
  auto code = type_code(type);
  if (!code) return code.error();
  if (auto r = require_node(src, "source"); !r) return r;
  auto key = keys::edge(src, *code, dst);
  auto existing = read(store_.out, key);
  if (!existing) return existing.error();
  if (!*existing) ++out_delta_;
  put(store_.out, key, encode_edge_properties(properties));
  return {};
}

Result<void> GraphWriteBatch::put_in_edge(EntityId dst, std::string_view type, EntityId src) {
  auto code = type_code(type);
  if (!code) return code.error();
  if (auto r = require_node(dst, "target"); !r) return r;
  auto key = keys::edge(dst, *code, src);
  auto existing = read(store_.in, key);
  if (!existing) return existing.error();
  if (!*existing) {
    ++in_delta_;
    put(store_.in, key, {});
  }
  return {};
}

void GraphWriteBatch::put_outbox(uint64_t batch, uint32_t shard, std::string_view writes) {
  put(store_.outbox, keys::outbox(batch, shard), writes);
}

Result<void> GraphWriteBatch::settle_outbox(uint64_t batch) {
  std::string prefix;
  keys::append_u64(prefix, batch);
  auto records = keys_with_prefix(store_.outbox, prefix);
  if (!records) return records.error();
  for (const auto& key : *records)
    erase(store_.outbox, key);
  return {};
}

Result<bool> GraphWriteBatch::delete_out_edge(EntityId src, std::string_view type, EntityId dst) {
  auto key = keys::edge(src, name_code(type), dst);
  auto existing = read(store_.out, key);
  if (!existing) return existing.error();
  if (!*existing) return false;
  erase(store_.out, key);
  --out_delta_;
  return true;
}

Result<bool> GraphWriteBatch::delete_in_edge(EntityId dst, std::string_view type, EntityId src) {
  auto key = keys::edge(dst, name_code(type), src);
  auto existing = read(store_.in, key);
  if (!existing) return existing.error();
  if (!*existing) return false;
  erase(store_.in, key);
  --in_delta_;
  return true;
}

Result<void> GraphWriteBatch::commit() {
  auto counts = store_.counts;
  counts.nodes = static_cast<uint64_t>(static_cast<int64_t>(counts.nodes) + nodes_delta_);
  counts.out_edges = static_cast<uint64_t>(static_cast<int64_t>(counts.out_edges) + out_delta_);
  counts.in_edges = static_cast<uint64_t>(static_cast<int64_t>(counts.in_edges) + in_delta_);
  if (nodes_delta_ != 0) put(store_.meta, keys::counter("nodes"), keys::u64_value(counts.nodes));
  if (out_delta_ != 0) put(store_.meta, keys::counter("out"), keys::u64_value(counts.out_edges));
  if (in_delta_ != 0) put(store_.meta, keys::counter("in"), keys::u64_value(counts.in_edges));
  auto documents =
      static_cast<uint64_t>(static_cast<int64_t>(store_.documents_count) + documents_delta_);
  auto length =
      static_cast<uint64_t>(static_cast<int64_t>(store_.documents_length) + length_delta_);
  if (documents_delta_ != 0) put(store_.meta, keys::counter("docs"), keys::u64_value(documents));
  if (length_delta_ != 0) put(store_.meta, keys::counter("doclen"), keys::u64_value(length));
  auto vector_version = store_.vector_version + (vectors_changed_ ? 1 : 0);
  if (vectors_changed_) put(store_.meta, keys::counter("vecver"), keys::u64_value(vector_version));
  if (auto staged = stage_df(); !staged) {
    reset();
    return staged;
  }

  rocksdb::WriteOptions write;
  write.sync = store_.options.sync;
  auto status = store_.db->Write(write, batch_.GetWriteBatch());
  if (!status.ok()) {
    reset();
    return from_rocks(status, "commit graph batch");
  }
  for (auto& [slot, next] : next_sequence_)
    store_.next_sequence[slot] = next;
  for (auto& [code, name] : new_types_)
    store_.type_names.emplace(code, std::move(name));
  std::unique_lock spaces_lock(store_.spaces_mutex, std::defer_lock);
  if (!space_changes_.empty()) spaces_lock.lock();
  for (auto& [name, spec] : space_changes_)
    if (spec)
      store_.spaces.insert_or_assign(name, std::move(*spec));
    else
      store_.spaces.erase(name);
  store_.counts = counts;
  store_.documents_count = documents;
  store_.documents_length = length;
  store_.vector_version = vector_version;
  reset();
  return {};
}

void GraphWriteBatch::reset() {
  batch_.Clear();
  next_sequence_.clear();
  new_types_.clear();
  space_changes_.clear();
  nodes_delta_ = out_delta_ = in_delta_ = 0;
  documents_delta_ = length_delta_ = 0;
  df_deltas_.clear();
  documentless_.clear();
  vectors_changed_ = false;
}

}  // namespace ds::storage
