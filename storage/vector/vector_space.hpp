#pragma once

// A vector space: a named vector property of nodes, with the FAISS index that
// searches it. What a user declares with PUT /api/v1/spaces/{name}. Plain
// C++ (the graph store keeps specs); FAISS comes in with vector_index.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace ds::storage {

/// l2: Euclidean distance, smaller is closer. ip: inner product, larger is
/// closer. cosine: inner product of L2-normalised vectors (normalised on the
/// way in, queries too), larger is closer.
enum class Metric { l2, ip, cosine };

std::string_view to_string(Metric metric);
Result<Metric> parse_metric(std::string_view text);

/// Where a space's searches run. cpu: the vector shard's FAISS index. gpu:
/// a compute unit's device (exact kNN, actors/compute_unit), the CPU unit's
/// where the node has no GPU, with the same results (docs/compute.md).
enum class Device { cpu, gpu };

std::string_view to_string(Device device);
Result<Device> parse_device(std::string_view text);

/// Per-search knobs; unset ones take the space's defaults, then FAISS's.
struct SearchParams {
  std::optional<int> ef_search;  ///< HNSW: candidates kept while searching
  std::optional<int> nprobe;     ///< IVF: inverted lists visited
};

struct VectorSpaceSpec {
  std::string name;
  uint32_t dim = 0;
  Metric metric = Metric::l2;
  /// A FAISS index_factory string: Flat, HNSW32, IVF1024,Flat, IVF1024,PQ16,
  /// ... Ids are the engine's, so IDMap prefixes are refused.
  std::string index = "Flat";
  SearchParams defaults;
  /// HNSW: candidates kept while linking each added vector (FAISS's default
  /// is 40; more builds slower and finds more: well-separated clusters need
  /// about 200 for recall@10 >= 0.95).
  std::optional<int> ef_construction;
  /// gpu: searched on a compute unit; the index must be Flat (exact).
  Device device = Device::cpu;
};

inline constexpr uint32_t kMaxDimension = 65536;

/// Checks name (1-64 of [a-z0-9_-]), dimension (1..65536), parameters and
/// that the factory string leaves ids to the engine; the error names the
/// field and what is accepted. (VectorIndex::check also lets FAISS build it.)
Result<void> check_fields(const VectorSpaceSpec& spec);

}  // namespace ds::storage
