#pragma once

// Internal to storage/vector: the FAISS index a space's spec describes.

#include <memory>

#include <faiss/Index.h>

#include "common/result.hpp"
#include "storage/vector/vector_space.hpp"

namespace ds::storage {

faiss::MetricType faiss_metric(Metric metric);

/// index_factory(dim, spec.index, metric), or why FAISS refused it.
Result<std::unique_ptr<faiss::Index>> build_faiss_index(const VectorSpaceSpec& spec);

}  // namespace ds::storage
