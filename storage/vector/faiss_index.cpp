#include "storage/vector/faiss_index.hpp"

#include <faiss/IndexHNSW.h>
#include <faiss/index_factory.h>

#include "storage/vector/faiss_error.hpp"

namespace ds::storage {

faiss::MetricType faiss_metric(Metric metric) {
  return metric == Metric::l2 ? faiss::METRIC_L2 : faiss::METRIC_INNER_PRODUCT;
}

Result<std::unique_ptr<faiss::Index>> build_faiss_index(const VectorSpaceSpec& spec) {
  return catch_faiss(
      [&]() -> Result<std::unique_ptr<faiss::Index>> {
        std::unique_ptr<faiss::Index> index(faiss::index_factory(
            static_cast<int>(spec.dim), spec.index.c_str(), faiss_metric(spec.metric)));
        if (spec.ef_construction) {
          auto* hnsw = dynamic_cast<faiss::IndexHNSW*>(index.get());
          if (!hnsw)
            return make_error(
                errc::invalid_argument,
                "params.efConstruction: only for HNSW indexes, not \"" + spec.index + "\"");
          hnsw->hnsw.efConstruction = *spec.ef_construction;
        }
        return index;
      },
      [&](const std::string& why) {
        return make_error(errc::invalid_argument,
                          "index: FAISS cannot build \"" + spec.index + "\" for dim " +
                              std::to_string(spec.dim) + ": " + why +
                              " (examples: Flat, HNSW32, IVF1024,Flat, IVF1024,PQ16)");
      });
}

}  // namespace ds::storage
