#pragma once

// The compute interface: what the engine asks of a CPU or a GPU, in plain
// C++ (no CUDA headers). kernels/cpu implements it always and is the oracle
// for kernels/cuda, which is compiled when meson finds the toolkit and used
// when a device answers at run time (select_backend.hpp).
// ARCHITECTURE.md §6; design notes in kernels/README.md.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "kernels/embedding.hpp"
#include "kernels/precision.hpp"

namespace ds::kernels {

/// l2: squared Euclidean distance, smaller is closer (as FAISS reports it).
/// ip: inner product, larger is closer. cosine: the inner product of the
/// L2-normalised vectors (rows on upload, queries on search).
enum class Metric { l2, ip, cosine };

/// The largest k a search takes.
inline constexpr std::size_t kMaxK = 1024;

struct DeviceInfo {
  enum class Kind { cpu, cuda };
  Kind kind = Kind::cpu;
  int index = -1;  ///< the CUDA ordinal; -1 for the CPU
  std::string name;
  int compute_major = 0;  ///< CUDA compute capability; 0 for the CPU
  int compute_minor = 0;
  uint64_t memory_bytes = 0;  ///< device memory; 0 for the CPU
};

/// The device memory pool (cudaMallocAsync's; the CPU counts its buffers).
struct PoolStats {
  uint64_t reserved_bytes = 0;  ///< taken from the device by the pool
  uint64_t in_use_bytes = 0;    ///< handed out and not yet freed
  uint64_t peak_in_use_bytes = 0;
  /// The reserved share not in use: 0 when every reserved byte serves.
  double fragmentation_ratio() const {
    return reserved_bytes == 0
               ? 0.0
               : 1.0 - static_cast<double>(in_use_bytes) / static_cast<double>(reserved_bytes);
  }
};

/// What a base is: its vectors' width, how they are compared, and the
/// precision they are kept and compared in (auto resolves per device).
struct BaseSpec {
  uint32_t dim = 0;
  Metric metric = Metric::l2;
  Precision precision = Precision::fp32;
};

/// Vectors resident on one backend's device, each with an id. Made by
/// Backend::upload, searched by the same backend; not thread-safe to
/// search and change at once (the compute unit serialises).
class VectorBase {
 public:
  virtual ~VectorBase() = default;
  virtual std::size_t size() const = 0;
  virtual const BaseSpec& spec() const = 0;  ///< precision resolved
  /// The device memory the base takes.
  virtual uint64_t bytes() const = 0;
};

/// The k best rows per query, best first. Where the base (or the filter)
/// has fewer than k rows, the tail holds id -1 and the worst score
/// (+inf for l2, -inf for ip and cosine), as FAISS pads.
struct KnnResult {
  std::size_t queries = 0;
  std::size_t k = 0;
  std::vector<float> scores;  ///< queries x k: squared distance (l2) or similarity
  std::vector<int64_t> ids;   ///< queries x k
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual const DeviceInfo& device() const = 0;

  /// Copies `rows` (ids.size() x spec.dim floats, row-major) with their ids
  /// to the device, in the spec's precision (auto resolved here).
  virtual Result<std::unique_ptr<VectorBase>> upload(const BaseSpec& spec,
                                                     std::span<const float> rows,
                                                     std::span<const int64_t> ids) = 0;

  /// Changes `base` in place: removes the vectors of `removed` (unknown
  /// ids are ignored), then upserts `rows` for `ids` (an id already there
  /// gets its new row). Only the changed rows travel to the device: what a
  /// small write to a large base should cost. On an error the base is as
  /// it was.
  virtual Result<void> update(VectorBase& base, std::span<const int64_t> removed,
                              std::span<const float> rows, std::span<const int64_t> ids) = 0;

  /// Exact kNN of each query (queries.size() / dim of them) over `base`.
  /// `allowed`, when given, lists the ids that may be answered (others are
  /// skipped; unknown ids are ignored). k in 1..kMaxK.
  virtual Result<KnnResult> knn(const VectorBase& base, std::span<const float> queries,
                                std::size_t k, const std::vector<int64_t>* allowed = nullptr) = 0;

  // -- Knowledge-graph embeddings (embedding.hpp) --------------------------

  /// Copies the tables (entities x dim, relations x relation_dim floats)
  /// to the device, with a zeroed Adagrad state.
  virtual Result<std::unique_ptr<EmbeddingTables>> upload_tables(
      const EmbeddingSpec& spec, std::span<const float> entities,
      std::span<const float> relations) = 0;
  /// The tables as they are now (after training).
  virtual Result<void> download_tables(const EmbeddingTables& tables, std::vector<float>& entities,
                                       std::vector<float>& relations) = 0;
  /// The score of each triple.
  virtual Result<std::vector<float>> score(const EmbeddingTables& tables,
                                           std::span<const Triple> triples) = 0;
  /// Link prediction: for each (head, relation) of `queries` (their tails
  /// are ignored), the k best tails by score, best first, over every entity
  /// or over `candidates` (entity rows) when given; ids are entity rows.
  virtual Result<KnnResult> predict_tails(const EmbeddingTables& tables,
                                          std::span<const Triple> queries, std::size_t k,
                                          const std::vector<uint32_t>* candidates = nullptr) = 0;
  /// The batch's loss and per-row gradients, without changing the tables.
  virtual Result<Gradients> gradients(const EmbeddingTables& tables, const TrainBatch& batch,
                                      const TrainOptions& options) = 0;
  /// One training step: gradients, then sparse Adagrad on the touched rows.
  virtual Result<TrainResult> train_step(EmbeddingTables& tables, const TrainBatch& batch,
                                         const TrainOptions& options) = 0;

  virtual PoolStats pool_stats() const = 0;

  /// The device's memory bandwidth as a copy of `bytes` within it reaches
  /// it (cudaMemcpy device to device; memcpy on the CPU), counting each
  /// byte read and written, as CUDA's bandwidthTest does: the yardstick
  /// bench/kernels holds kNN's bytes read per second against.
  virtual Result<double> copy_bytes_per_second(std::size_t bytes) = 0;
};

/// The checks every backend makes before a search (the error names the
/// field): k in range, queries a whole number of rows, a base of this backend.
Result<std::size_t> check_knn(const VectorBase& base, std::span<const float> queries,
                              std::size_t k);
/// The checks before an upload: a dimension, rows that match the ids, no
/// id twice.
Result<void> check_upload(const BaseSpec& spec, std::span<const float> rows,
                          std::span<const int64_t> ids);
/// The checks before an update: rows that match the ids and the base's
/// dimension, no id twice.
Result<void> check_update(const VectorBase& base, std::span<const float> rows,
                          std::span<const int64_t> ids);

}  // namespace ds::kernels
