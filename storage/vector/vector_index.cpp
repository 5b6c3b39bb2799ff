#include "storage/vector/vector_index.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVF.h>
#include <faiss/impl/IDSelector.h>

#include "storage/vector/faiss_error.hpp"
#include "storage/vector/faiss_index.hpp"

namespace ds::storage {
namespace {

/// Passes live vectors (and, for a filtered search, only those in `only`).
struct LiveSelector final : faiss::IDSelector {
  LiveSelector(const std::vector<EntityId>& labels, const std::vector<char>& dead,
               const std::unordered_set<EntityId>* only)
      : labels(labels), dead(dead), only(only) {}
  bool is_member(faiss::Index::idx_t i) const override {
    auto n = static_cast<std::size_t>(i);
    if (n >= dead.size() || dead[n]) return false;
    return only == nullptr || only->count(labels[n]) != 0;
  }
  const std::vector<EntityId>& labels;
  const std::vector<char>& dead;
  const std::unordered_set<EntityId>* only;
};

/// FAISS's rule of thumb: 39 training points per IVF list; other trained
/// kinds (PQ codebooks of 256 centroids) want a few thousand.
std::size_t train_size_of(const faiss::Index& index) {
  if (const auto* ivf = dynamic_cast<const faiss::IndexIVF*>(&index)) return 39 * ivf->nlist;
  return 10'000;
}

/// Checks every component of `rows` (n rows of `dim`); for cosine scales
/// each row to unit length. `what` names a row in the error: "vector 3".
template <class Name>
Result<void> check_rows(std::vector<float>& rows, uint32_t dim, Metric metric, Name what) {
  for (std::size_t r = 0; r * dim < rows.size(); ++r) {
    float* row = rows.data() + r * dim;
    double norm = 0;
    for (uint32_t c = 0; c < dim; ++c) {
      if (!std::isfinite(row[c]))
        return make_error(errc::invalid_argument, what(r) + ": component " + std::to_string(c) +
                                                      " is " +
                                                      (std::isnan(row[c]) ? "NaN" : "infinite"));
      norm += double{row[c]} * row[c];
    }
    if (metric != Metric::cosine) continue;
    if (norm == 0)
      return make_error(errc::invalid_argument,
                        what(r) + ": all zeros has no direction, which cosine needs");
    auto scale = static_cast<float>(1 / std::sqrt(norm));
    for (uint32_t c = 0; c < dim; ++c)
      row[c] *= scale;
  }
  return {};
}

}  // namespace

VectorIndex::VectorIndex(VectorSpaceSpec spec) : spec_(std::move(spec)) {}
VectorIndex::~VectorIndex() = default;

Result<void> VectorIndex::check(const VectorSpaceSpec& spec) {
  if (auto fields = check_fields(spec); !fields) return fields;
  if (auto index = build_faiss_index(spec); !index) return index.error();
  return {};
}

Result<std::unique_ptr<VectorIndex>> VectorIndex::create(VectorSpaceSpec spec) {
  if (auto valid = check(spec); !valid) return valid.error();
  std::unique_ptr<VectorIndex> index(new VectorIndex(std::move(spec)));
  if (auto built = index->rebuild({}, {}); !built) return built.error();
  return index;
}

Result<std::vector<float>> VectorIndex::prepared(std::span<const EntityId> ids,
                                                 std::span<const float> vectors) const {
  if (vectors.size() != ids.size() * spec_.dim)
    return make_error(errc::invalid_argument,
                      "expected " + std::to_string(ids.size()) + " vectors of dimension " +
                          std::to_string(spec_.dim) + " (" +
                          std::to_string(ids.size() * spec_.dim) + " numbers), got " +
                          std::to_string(vectors.size()) + " numbers");
  std::vector<float> rows(vectors.begin(), vectors.end());
  auto checked = check_rows(rows, spec_.dim, spec_.metric, [&](std::size_t r) {
    return "vector " + std::to_string(r) + " (id " + std::to_string(ids[r]) + ")";
  });
  if (!checked) return checked.error();
  return rows;
}

void VectorIndex::add(std::span<const EntityId> ids, const std::vector<float>& rows) {
  auto base = static_cast<int64_t>(labels_.size());
  labels_.insert(labels_.end(), ids.begin(), ids.end());
  dead_.resize(labels_.size(), 0);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto [slot, added] = slots_.try_emplace(ids[i], base + static_cast<int64_t>(i));
    if (!added) {  // an older vector of this id, perhaps earlier in this call
      dead_[static_cast<std::size_t>(slot->second)] = 1;
      ++dead_count_;
      slot->second = base + static_cast<int64_t>(i);
    }
  }
  index_->add(static_cast<faiss::Index::idx_t>(ids.size()), rows.data());
}

Result<void> VectorIndex::upsert(std::span<const EntityId> ids, std::span<const float> vectors) {
  auto rows = prepared(ids, vectors);
  if (!rows) return rows.error();
  auto added =
      catch_faiss([&] { add(ids, *rows); }, errc::internal, "space " + spec_.name + ": FAISS add");
  if (!added) return added;
  return train_if_ready();
}

std::size_t VectorIndex::remove(std::span<const EntityId> ids) {
  std::size_t removed = 0;
  for (auto id : ids) {
    auto slot = slots_.find(id);
    if (slot == slots_.end()) continue;
    dead_[static_cast<std::size_t>(slot->second)] = 1;
    ++dead_count_;
    slots_.erase(slot);
    ++removed;
  }
  return removed;
}

std::vector<EntityId> VectorIndex::ids() const {
  std::vector<EntityId> out;
  out.reserve(slots_.size());
  for (const auto& [id, slot] : slots_)
    out.push_back(id);
  return out;
}

Result<VectorIndex::Live> VectorIndex::live_vectors() const {
  Live out;
  out.ids.reserve(slots_.size());
  out.rows.resize(slots_.size() * spec_.dim);
  auto read = catch_faiss(
      [&] {
        for (const auto& [id, slot] : slots_) {
          index_->reconstruct(slot, out.rows.data() + out.ids.size() * spec_.dim);
          out.ids.push_back(id);
        }
      },
      errc::not_supported, "space " + spec_.name + ": its index cannot give its vectors back");
  if (!read) return read.error();
  return out;
}

Result<VectorIndex::Live> VectorIndex::vectors_of(std::span<const EntityId> ids) const {
  Live out;
  auto read = catch_faiss(
      [&] {
        for (auto id : ids) {
          auto found = slots_.find(id);
          if (found == slots_.end()) continue;
          out.rows.resize(out.rows.size() + spec_.dim);
          index_->reconstruct(found->second, out.rows.data() + out.ids.size() * spec_.dim);
          out.ids.push_back(id);
        }
      },
      errc::not_supported, "space " + spec_.name + ": its index cannot give its vectors back");
  if (!read) return read.error();
  return out;
}

bool VectorIndex::wants_rebuild() const {
  return dead_count_ > 1000 && dead_count_ > labels_.size() / 4;
}

Result<void> VectorIndex::train_if_ready() {
  if (!staging_ || slots_.size() < train_size_) return {};
  // The stand-in is a flat index: it gives its vectors back exactly.
  std::vector<EntityId> ids;
  std::vector<float> rows(slots_.size() * spec_.dim);
  for (const auto& [id, slot] : slots_) {
    index_->reconstruct(slot, rows.data() + ids.size() * spec_.dim);
    ids.push_back(id);
  }
  return rebuild(ids, rows);
}

Result<void> VectorIndex::rebuild(std::span<const EntityId> ids, std::span<const float> vectors) {
  auto rows = prepared(ids, vectors);
  if (!rows) return rows.error();
  auto target = build_faiss_index(spec_);
  if (!target) return target.error();
  return catch_faiss(
      [&] {
        auto index = std::move(target).value();
        train_size_ = train_size_of(*index);
        staging_ = !index->is_trained && ids.size() < train_size_;
        if (staging_) {
          index = std::make_unique<faiss::IndexFlat>(static_cast<faiss::Index::idx_t>(spec_.dim),
                                                     faiss_metric(spec_.metric));
        } else if (!index->is_trained) {
          index->train(static_cast<faiss::Index::idx_t>(ids.size()), rows->data());
        }
        // IVF gives vectors back (for exact filtered search) only with a direct map.
        if (auto* ivf = dynamic_cast<faiss::IndexIVF*>(index.get())) ivf->make_direct_map(true);
        index_ = std::move(index);
        labels_.clear();
        dead_.clear();
        slots_.clear();
        dead_count_ = 0;
        add(ids, *rows);
      },
      errc::internal, "space " + spec_.name + ": FAISS rebuild");
}

float VectorIndex::score(const float* a, const float* b) const {
  double sum = 0;
  for (uint32_t c = 0; c < spec_.dim; ++c)
    sum += spec_.metric == Metric::l2 ? (double{a[c]} - b[c]) * (double{a[c]} - b[c])
                                      : double{a[c]} * b[c];
  return static_cast<float>(spec_.metric == Metric::l2 ? std::sqrt(sum) : sum);
}

Result<std::vector<std::vector<VectorHit>>> VectorIndex::exact_search(
    const std::vector<float>& queries, std::size_t k,
    const std::unordered_set<EntityId>& only) const {
  std::vector<std::pair<EntityId, std::vector<float>>> candidates;
  auto read = catch_faiss(
      [&] {
        for (auto id : only)
          if (auto slot = slots_.find(id); slot != slots_.end()) {
            std::vector<float> row(spec_.dim);
            index_->reconstruct(slot->second, row.data());
            candidates.emplace_back(id, std::move(row));
          }
      },
      errc::internal, "space " + spec_.name + ": FAISS reconstruct");
  if (!read) return read.error();
  bool smaller_is_closer = spec_.metric == Metric::l2;
  std::vector<std::vector<VectorHit>> hits(queries.size() / spec_.dim);
  for (std::size_t q = 0; q < hits.size(); ++q) {
    for (const auto& [id, row] : candidates)
      hits[q].push_back({id, score(queries.data() + q * spec_.dim, row.data())});
    auto closer = [&](const VectorHit& a, const VectorHit& b) {
      return smaller_is_closer ? a.score < b.score : a.score > b.score;
    };
    auto top = std::min(k, hits[q].size());
    std::partial_sort(hits[q].begin(), hits[q].begin() + static_cast<std::ptrdiff_t>(top),
                      hits[q].end(), closer);
    hits[q].resize(top);
  }
  return hits;
}

Result<std::vector<std::vector<VectorHit>>> VectorIndex::search(
    std::span<const float> queries, std::size_t k, const SearchParams& params,
    const std::unordered_set<EntityId>* only) const {
  if (queries.empty() || queries.size() % spec_.dim != 0)
    return make_error(errc::invalid_argument, "expected query vectors of dimension " +
                                                  std::to_string(spec_.dim) + ", got " +
                                                  std::to_string(queries.size()) + " numbers");
  if (k == 0) return make_error(errc::invalid_argument, "k must be at least 1");
  std::vector<float> rows(queries.begin(), queries.end());
  auto checked = check_rows(rows, spec_.dim, spec_.metric,
                            [](std::size_t r) { return "query " + std::to_string(r); });
  if (!checked) return checked.error();
  auto n = rows.size() / spec_.dim;
  std::vector<std::vector<VectorHit>> hits(n);
  if (slots_.empty()) return hits;
  if (only != nullptr && only->size() <= kExactFilterSize) return exact_search(rows, k, *only);
  // A flat index with tombstones asks for `dead_count_` more and drops the
  // dead itself: exact (at most that many of them are dead), and it keeps
  // FAISS's batched BLAS path, which a selector would cost it (one query at
  // a time: 10x slower at batch 64). HNSW and IVF take the selector.
  bool oversample = only == nullptr && dead_count_ > 0 && dead_count_ <= kMaxOversample &&
                    dynamic_cast<const faiss::IndexFlat*>(index_.get()) != nullptr;
  auto wanted = oversample ? k + dead_count_ : k;
  auto top = static_cast<faiss::Index::idx_t>(
      std::min(wanted, oversample ? labels_.size() : slots_.size()));
  LiveSelector selector(labels_, dead_, only);
  faiss::SearchParametersHNSW hnsw;
  faiss::SearchParametersIVF ivf;
  faiss::SearchParameters plain;
  faiss::SearchParameters* chosen = &plain;
  auto* hnsw_index = dynamic_cast<faiss::IndexHNSW*>(index_.get());
  if (hnsw_index) {
    hnsw.efSearch =
        params.ef_search.value_or(spec_.defaults.ef_search.value_or(hnsw_index->hnsw.efSearch));
    chosen = &hnsw;
  } else if (const auto* index = dynamic_cast<const faiss::IndexIVF*>(index_.get())) {
    ivf.nprobe = static_cast<std::size_t>(
        params.nprobe.value_or(spec_.defaults.nprobe.value_or(static_cast<int>(index->nprobe))));
    chosen = &ivf;
  }
  // A selector costs FAISS its fast paths (a flat index then scores one
  // query at a time instead of one BLAS call per batch: 10x slower at batch
  // 64), so it is passed only when something must be skipped.
  if ((dead_count_ > 0 && !oversample) || only != nullptr) chosen->sel = &selector;
  std::vector<float> distances(n * static_cast<std::size_t>(top));
  std::vector<faiss::Index::idx_t> numbers(n * static_cast<std::size_t>(top));
  auto searched = catch_faiss(
      [&] {
        // FAISS 1.7.3's HNSW search takes the selector from the parameters but
        // efSearch only from the index itself: set it there, one search at a time.
        std::unique_lock<std::mutex> hnsw_lock;
        if (hnsw_index) {
          hnsw_lock = std::unique_lock(hnsw_mutex_);
          hnsw_index->hnsw.efSearch = hnsw.efSearch;
        }
        index_->search(static_cast<faiss::Index::idx_t>(n), rows.data(), top, distances.data(),
                       numbers.data(), chosen);
      },
      errc::internal, "space " + spec_.name + ": FAISS search");
  if (!searched) return searched.error();
  for (std::size_t q = 0; q < n; ++q)
    for (std::size_t j = 0; j < static_cast<std::size_t>(top); ++j) {
      auto at = q * static_cast<std::size_t>(top) + j;
      if (numbers[at] < 0 || hits[q].size() == k) continue;
      if (oversample && dead_[static_cast<std::size_t>(numbers[at])]) continue;
      float score =
          spec_.metric == Metric::l2 ? std::sqrt(std::max(0.0f, distances[at])) : distances[at];
      hits[q].push_back({labels_[static_cast<std::size_t>(numbers[at])], score});
    }
  return hits;
}

}  // namespace ds::storage
