#pragma once

// bench/vector's baseline: FAISS indexes searched directly from plain
// threads, no actors, built as a space's own index is (build_faiss_index).

#include <memory>
#include <vector>

#include <faiss/Index.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVF.h>
#include <faiss/impl/FaissException.h>

#include "bench/vector/samples.hpp"
#include "common/result.hpp"
#include "storage/vector/faiss_index.hpp"

namespace ds::vector_bench {

using storage::VectorSpaceSpec;

Kind kind_of(const faiss::Index& index);

/// FAISS indexes over the vectors: one, or one per part (numbers of vectors).
class RawIndex {
 public:
  /// An empty part means every vector. Training and adding use every core.
  static Result<std::unique_ptr<RawIndex>> build(const VectorSpaceSpec& spec, const Dataset& data,
                                                 const std::vector<std::vector<int64_t>>& parts) {
    std::unique_ptr<RawIndex> raw(new RawIndex);
    try {
      for (const auto& numbers : parts) {
        auto index = ds::storage::build_faiss_index(spec);
        if (!index) return index.error();
        std::vector<float> rows;
        const float* x = data.base.data();
        auto n = static_cast<faiss::Index::idx_t>(data.size());
        if (!numbers.empty()) {
          for (auto number : numbers)
            rows.insert(rows.end(), data.base.begin() + number * data.dim,
                        data.base.begin() + (number + 1) * data.dim);
          x = rows.data();
          n = static_cast<faiss::Index::idx_t>(numbers.size());
        }
        auto start = Clock::now();
        if (!(*index)->is_trained) (*index)->train(n, x);
        raw->train_s += seconds_since(start);
        start = Clock::now();
        (*index)->add(n, x);
        raw->add_s += seconds_since(start);
        raw->parts_.push_back(std::move(index).value());
        raw->numbers_.push_back(numbers);
      }
    } catch (const faiss::FaissException& e) {
      return make_error(errc::internal, spec.index + ": FAISS: " + e.msg);
    }
    return raw;
  }

  Kind kind() const { return kind_of(*parts_.front()); }
  /// IVF: the number of lists; else 0.
  std::size_t nlist() const {
    auto* ivf = dynamic_cast<const faiss::IndexIVF*>(parts_.front().get());
    return ivf ? ivf->nlist : 0;
  }

  /// Sets a case's efSearch or nprobe on the indexes: before a sample, while
  /// no search runs (FAISS 1.7.3's HNSW reads efSearch from the index).
  void set(const Case& c) {
    for (auto& part : parts_)
      if (auto* hnsw = dynamic_cast<faiss::IndexHNSW*>(part.get()))
        hnsw->hnsw.efSearch = c.param;
      else if (auto* ivf = dynamic_cast<faiss::IndexIVF*>(part.get()))
        ivf->nprobe = static_cast<std::size_t>(c.param);
  }

  /// The kTopK nearest vector numbers of each of `n` queries into `out`.
  void search(const float* queries, std::size_t n, int64_t* out) const {
    std::vector<float> distances(n * kTopK);
    auto rows = static_cast<faiss::Index::idx_t>(n);
    if (parts_.size() == 1 && numbers_.front().empty()) {
      parts_.front()->search(rows, queries, kTopK, distances.data(), out);
      return;
    }
    std::vector<std::vector<Scored>> merged(n);
    std::vector<int64_t> labels(n * kTopK);
    for (std::size_t p = 0; p < parts_.size(); ++p) {
      parts_[p]->search(rows, queries, kTopK, distances.data(), labels.data());
      for (std::size_t i = 0; i < n * kTopK; ++i)
        if (labels[i] >= 0) merged[i / kTopK].push_back({distances[i], numbers_[p][labels[i]]});
    }
    for (std::size_t q = 0; q < n; ++q) {
      keep_best(merged[q]);
      std::fill(out + q * kTopK, out + (q + 1) * kTopK, -1);
      for (std::size_t i = 0; i < merged[q].size(); ++i)
        out[q * kTopK + i] = merged[q][i].id;
    }
  }

  double train_s = 0, add_s = 0;

 private:
  RawIndex() = default;
  std::vector<std::unique_ptr<faiss::Index>> parts_;
  std::vector<std::vector<int64_t>> numbers_;  // per part: FAISS number -> vector number
};

/// Batches from `run.threads` threads, each searching one at a time.

Sample raw_sample(const RawIndex& raw, const Dataset& data, const Case& c, const Run& run,
                  std::size_t cursor, Answers& answers);

}  // namespace ds::vector_bench
