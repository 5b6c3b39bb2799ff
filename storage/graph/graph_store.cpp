#include "storage/graph/graph_store.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

#include "storage/graph/graph_records.hpp"
#include "storage/graph/graph_store_state.hpp"
#include "storage/graph/rocks_error.hpp"

namespace ds::storage {
namespace {

rocksdb::ColumnFamilyOptions family_options(const std::shared_ptr<rocksdb::Cache>& cache,
                                            bool by_entity_prefix) {
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  rocksdb::ColumnFamilyOptions options;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  if (by_entity_prefix) {
    // Edge and label scans always stay within one 8-byte leading id or code:
    // prefix blooms let them skip files that hold none of it.
    options.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(keys::kIdBytes));
    options.memtable_prefix_bloom_size_ratio = 0.05;
  }
  return options;
}

/// Calls `visit(key, value)` for every entry of `family` starting with `prefix`.
template <class Visit>
Result<void> scan_prefix(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* family,
                         const std::string& prefix, Visit visit) {
  rocksdb::ReadOptions read;
  read.prefix_same_as_start = prefix.size() >= keys::kIdBytes;
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(read, family));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next())
    visit(std::string_view(it->key().data(), it->key().size()),
          std::string_view(it->value().data(), it->value().size()));
  return check(it->status(), "scan");
}

Result<void> load_meta(GraphStore::State& state) {
  return scan_prefix(*state.db, state.meta, "", [&](std::string_view key, std::string_view value) {
    if (key.starts_with(keys::kSequencePrefix) && key.size() == keys::kSequencePrefix.size() + 2) {
      uint32_t slot = (static_cast<uint8_t>(key[3]) << 8) | static_cast<uint8_t>(key[4]);
      state.next_sequence[slot] = keys::read_u64(value);
    } else if (key.starts_with(keys::kTypePrefix)) {
      state.type_names[keys::read_u64(key, keys::kTypePrefix.size())] = std::string(value);
    } else if (key.starts_with(keys::kSpacePrefix)) {
      auto spec = decode_space(value);
      if (spec) state.spaces.emplace(spec->name, std::move(spec).value());
    } else if (key.starts_with(keys::kCounterPrefix)) {
      auto name = key.substr(keys::kCounterPrefix.size());
      auto count = keys::read_u64(value);
      if (name == "nodes") state.counts.nodes = count;
      if (name == "out") state.counts.out_edges = count;
      if (name == "in") state.counts.in_edges = count;
      if (name == "docs") state.documents_count = count;
      if (name == "doclen") state.documents_length = count;
      if (name == "vecver") state.vector_version = count;
    }
  });
}

}  // namespace

GraphStore::State::~State() {
  if (!db) return;
  for (auto* handle : handles)
    db->DestroyColumnFamilyHandle(handle);
  db->Close();
}

GraphStore::GraphStore(std::unique_ptr<State> state) : state_(std::move(state)) {}
GraphStore::~GraphStore() = default;

Result<std::unique_ptr<GraphStore>> GraphStore::open(const std::filesystem::path& dir,
                                                     const GraphStoreOptions& options) {
  auto state = std::make_unique<State>();
  state->dir = dir;
  state->options = options;
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.max_background_jobs = 2;
  auto cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  std::vector<rocksdb::ColumnFamilyDescriptor> families{
      {rocksdb::kDefaultColumnFamilyName, family_options(cache, false)},
      {"nodes", family_options(cache, false)},
      {"keys", family_options(cache, false)},
      {"out", family_options(cache, true)},
      {"in", family_options(cache, true)},
      {"labels", family_options(cache, true)},
      {"meta", family_options(cache, false)},
      {"outbox", family_options(cache, false)},
      {"vectors", family_options(cache, true)},
      {"postings", family_options(cache, true)},
      {"documents", family_options(cache, false)},
      {"terms", family_options(cache, false)},
  };
  rocksdb::DB* db = nullptr;
  auto status = rocksdb::DB::Open(db_options, dir.string(), families, &state->handles, &db);
  if (!status.ok()) return from_rocks(status, "open graph store " + dir.string());
  state->db.reset(db);
  state->nodes = state->handles[1];
  state->keys = state->handles[2];
  state->out = state->handles[3];
  state->in = state->handles[4];
  state->labels = state->handles[5];
  state->meta = state->handles[6];
  state->outbox = state->handles[7];
  state->vectors = state->handles[8];
  state->postings = state->handles[9];
  state->documents = state->handles[10];
  state->terms = state->handles[11];
  if (auto loaded = load_meta(*state); !loaded) return loaded.error();
  return std::unique_ptr<GraphStore>(new GraphStore(std::move(state)));
}

Result<std::optional<EntityId>> GraphStore::find(std::string_view key) const {
  std::string value;
  auto status = state_->db->Get({}, state_->keys, key, &value);
  if (status.IsNotFound()) return std::optional<EntityId>{};
  if (!status.ok()) return from_rocks(status, "find key");
  return std::optional<EntityId>{keys::read_u64(value)};
}

Result<std::optional<Node>> GraphStore::get(EntityId id) const {
  std::string value;
  auto status = state_->db->Get({}, state_->nodes, keys::node(id), &value);
  if (status.IsNotFound()) return std::optional<Node>{};
  if (!status.ok()) return from_rocks(status, "get node");
  auto node = decode_node(id, value);
  if (!node) return node.error();
  return std::optional<Node>{std::move(node).value()};
}

Result<std::optional<std::string>> GraphStore::key_of(EntityId id) const {
  std::string value;
  auto status = state_->db->Get({}, state_->nodes, keys::node(id), &value);
  if (status.IsNotFound()) return std::optional<std::string>{};
  if (!status.ok()) return from_rocks(status, "get node");
  auto key = decode_node_key(value);
  if (!key) return key.error();
  return std::optional<std::string>{std::move(key).value()};
}

Result<std::vector<Neighbour>> GraphStore::neighbours(EntityId id,
                                                      const std::vector<std::string>& types,
                                                      Direction direction) const {
  std::vector<Neighbour> out;
  auto collect = [&](rocksdb::ColumnFamilyHandle* family, Direction dir,
                     const std::string& prefix) -> Result<void> {
    return scan_prefix(*state_->db, family, prefix, [&](std::string_view key, std::string_view) {
      auto type = keys::read_u64(key, 8);
      auto name = state_->type_names.find(type);
      out.push_back(Neighbour{keys::read_u64(key, 16),
                              name == state_->type_names.end() ? std::string() : name->second,
                              dir});
    });
  };
  for (auto [family, dir] :
       {std::pair{state_->out, Direction::out}, std::pair{state_->in, Direction::in}}) {
    if (direction != Direction::both && direction != dir) continue;
    if (types.empty()) {
      if (auto r = collect(family, dir, keys::edge_prefix(id)); !r) return r.error();
      continue;
    }
    std::vector<uint64_t> codes;
    for (const auto& type : types)
      codes.push_back(name_code(type));
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    for (auto code : codes)
      if (auto r = collect(family, dir, keys::edge_prefix(id, code)); !r) return r.error();
  }
  return out;
}

Result<std::optional<Properties>> GraphStore::edge_properties(EntityId src, std::string_view type,
                                                              EntityId dst) const {
  std::string value;
  auto status = state_->db->Get({}, state_->out, keys::edge(src, name_code(type), dst), &value);
  if (status.IsNotFound()) return std::optional<Properties>{};
  if (!status.ok()) return from_rocks(status, "get edge");
  auto properties = decode_edge_properties(value);
  if (!properties) return properties.error();
  return std::optional<Properties>{std::move(properties).value()};
}

Result<std::vector<EntityId>> GraphStore::scan_label(std::string_view label) const {
  std::vector<EntityId> ids;
  auto scanned = scan_prefix(
      *state_->db, state_->labels, keys::label_prefix(name_code(label)),
      [&](std::string_view key, std::string_view) { ids.push_back(keys::read_u64(key, 8)); });
  if (!scanned) return scanned.error();
  return ids;
}

Result<void> GraphStore::scan_nodes(std::string_view label,
                                    const std::function<bool(const Node&)>& visit) const {
  if (!label.empty()) {
    auto ids = scan_label(label);
    if (!ids) return ids.error();
    for (auto id : *ids) {
      auto node = get(id);
      if (!node) return node.error();
      if (*node && !visit(**node)) break;
    }
    return {};
  }
  std::unique_ptr<rocksdb::Iterator> it(state_->db->NewIterator({}, state_->nodes));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    auto node = decode_node(keys::read_u64(std::string_view(it->key().data(), it->key().size()), 0),
                            std::string_view(it->value().data(), it->value().size()));
    if (!node) return node.error();
    if (!visit(*node)) break;
  }
  return check(it->status(), "scan nodes");
}

namespace {

Result<uint32_t> dimension_of(const GraphStore::State& state, std::string_view space) {
  std::shared_lock lock(state.spaces_mutex);
  auto spec = state.spaces.find(space);
  if (spec == state.spaces.end())
    return make_error(errc::not_found, "no vector space \"" + std::string(space) + "\"");
  return spec->second.dim;
}

}  // namespace

uint64_t GraphStore::vector_version() const { return state_->vector_version.load(); }

std::vector<VectorSpaceSpec> GraphStore::spaces() const {
  std::shared_lock lock(state_->spaces_mutex);
  std::vector<VectorSpaceSpec> out;
  for (const auto& [name, spec] : state_->spaces)
    out.push_back(spec);
  return out;
}

Result<std::optional<std::vector<float>>> GraphStore::vector(std::string_view space,
                                                             EntityId id) const {
  auto dim = dimension_of(*state_, space);
  if (!dim) return dim.error();
  std::string value;
  auto status = state_->db->Get({}, state_->vectors, keys::vector(name_code(space), id), &value);
  if (status.IsNotFound()) return std::optional<std::vector<float>>{};
  if (!status.ok()) return from_rocks(status, "get vector");
  auto vector = decode_vector(value, *dim);
  if (!vector) return vector.error();
  return std::optional<std::vector<float>>{std::move(vector->row)};
}

Result<StoredVectors> GraphStore::vectors(std::string_view space) const {
  auto dim = dimension_of(*state_, space);
  if (!dim) return dim.error();
  StoredVectors out;
  Result<void> decoded;
  auto scanned =
      scan_prefix(*state_->db, state_->vectors, keys::vector_prefix(name_code(space)),
                  [&](std::string_view key, std::string_view value) {
                    auto vector = decode_vector(value, *dim);
                    if (!vector) {
                      if (decoded) decoded = vector.error();
                      return;
                    }
                    out.ids.push_back(keys::read_u64(key, 8));
                    out.versions.push_back(vector->version);
                    out.rows.insert(out.rows.end(), vector->row.begin(), vector->row.end());
                  });
  if (!scanned) return scanned.error();
  if (!decoded) return decoded.error();
  return out;
}

Result<TextStats> GraphStore::text_stats(const std::vector<std::string>& terms) const {
  TextStats stats{state_->documents_count, state_->documents_length, {}};
  for (const auto& term : terms) {
    std::string value;
    auto status = state_->db->Get({}, state_->terms, keys::term(name_code(term)), &value);
    if (!status.ok() && !status.IsNotFound()) return from_rocks(status, "get term");
    stats.df.push_back(status.IsNotFound() ? 0 : keys::read_u64(value));
  }
  return stats;
}

Result<std::vector<TextHit>> GraphStore::search_text(const std::vector<std::string>& terms,
                                                     const TextStats& global, std::size_t k,
                                                     const Bm25Params& params) const {
  if (global.df.size() != terms.size())
    return make_error(errc::invalid_argument, "one document frequency per term expected");
  std::unordered_map<EntityId, double> scores;
  double average = global.documents ? static_cast<double>(global.total_length) /
                                          static_cast<double>(global.documents)
                                    : 1.0;
  std::unordered_set<std::string> seen;
  for (std::size_t t = 0; t < terms.size(); ++t) {
    if (!seen.insert(terms[t]).second) continue;  // a repeated query term counts once
    auto n = static_cast<double>(global.documents), df = static_cast<double>(global.df[t]);
    double idf = std::log(1 + (n - df + 0.5) / (df + 0.5));
    auto scanned =
        scan_prefix(*state_->db, state_->postings, keys::posting_prefix(name_code(terms[t])),
                    [&](std::string_view key, std::string_view value) {
                      if (value.size() != 8) return;
                      double tf = keys::read_u32(value, 0);
                      double length = keys::read_u32(value, 4);
                      double norm = params.k1 * (1 - params.b + params.b * length / average);
                      scores[keys::read_u64(key, 8)] += idf * tf * (params.k1 + 1) / (tf + norm);
                    });
    if (!scanned) return scanned.error();
  }
  std::vector<TextHit> hits;
  for (const auto& [id, score] : scores)
    hits.push_back({id, score});
  auto better = [](const TextHit& a, const TextHit& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  };
  auto top = std::min(k, hits.size());
  std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(top), hits.end(),
                    better);
  hits.resize(top);
  return hits;
}

Result<std::vector<OutboxRecord>> GraphStore::outbox() const {
  std::vector<OutboxRecord> records;
  auto scanned = scan_prefix(*state_->db, state_->outbox, "",
                             [&](std::string_view key, std::string_view value) {
                               if (key.size() != 12) return;
                               uint32_t shard = 0;
                               for (std::size_t i = 8; i < 12; ++i)
                                 shard = (shard << 8) | static_cast<uint8_t>(key[i]);
                               records.push_back({keys::read_u64(key), shard, std::string(value)});
                             });
  if (!scanned) return scanned.error();
  return records;
}

GraphCounts GraphStore::counts() const { return state_->counts; }

Result<void> GraphStore::flush() { return check(state_->db->FlushWAL(true), "flush WAL"); }

Result<void> GraphStore::compact() {
  rocksdb::CompactRangeOptions options;
  options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForceOptimized;
  for (auto* handle : state_->handles)
    if (auto done = check(state_->db->CompactRange(options, handle, nullptr, nullptr),
                          "compact " + handle->GetName());
        !done)
      return done;
  return {};
}

const std::filesystem::path& GraphStore::dir() const { return state_->dir; }

}  // namespace ds::storage
