#pragma once

// Knowledge-graph embeddings as the backends hold them: an entity table and
// a relation table resident on a device, scored and trained there.
// Models and their scores (larger is more plausible), with d the entity
// width; ComplEx and RotatE read a row as d/2 complex numbers (real parts,
// then imaginary parts):
//   TransE L1/L2  gamma - ||h + r - t||_1 / _2            (r: d values)
//   DistMult      sum_i h_i r_i t_i                       (r: d values)
//   ComplEx       Re(sum_i h_i r_i conj(t_i))             (r: d values)
//   RotatE        gamma - sum_i |h_i * e^(i theta_i) - t_i| (r: d/2 phases)
// as DGL-KE defines them. Training (train_step) follows DGL-KE too: each
// chunk of positives shares its negatives, the loss is logsigmoid or margin
// ranking, and row-wise sparse Adagrad updates the rows the batch touched.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "kernels/precision.hpp"

namespace ds::kernels {

enum class ScoreModel { transe_l1, transe_l2, distmult, complex, rotate };

std::string_view to_string(ScoreModel model);
/// "transe_l1", "transe_l2", "distmult", "complex", "rotate"; the error lists them.
Result<ScoreModel> parse_score_model(std::string_view text);

struct EmbeddingSpec {
  ScoreModel model = ScoreModel::transe_l2;
  uint32_t dim = 0;  ///< entity width; even for ComplEx and RotatE
  uint64_t entities = 0;
  uint64_t relations = 0;
  float gamma = 12.0f;  ///< the margin distance models score against
  Precision precision = Precision::fp32;

  /// A relation row's width: d, or d/2 phases for RotatE.
  uint32_t relation_dim() const { return model == ScoreModel::rotate ? dim / 2 : dim; }
};

/// Checks the spec's fields (the error names the field).
Result<void> check_spec(const EmbeddingSpec& spec);
/// check_spec, and tables of the spec's sizes.
Result<void> check_tables(const EmbeddingSpec& spec, std::span<const float> entities,
                          std::span<const float> relations);

struct Triple {
  uint32_t head = 0;
  uint32_t relation = 0;
  uint32_t tail = 0;
};

/// A batch of positives, split into chunks of `chunk_size` that each share
/// `negatives_per_chunk` corrupting entities (DGL-KE's chunked negative
/// sampling: a chunk's positives are scored against the same negatives,
/// which turns the negative scores into one product per chunk).
struct TrainBatch {
  std::vector<Triple> positives;
  /// chunks x negatives_per_chunk entity rows, chunk by chunk; the caller
  /// samples them (seeded), so a step is deterministic.
  std::vector<uint32_t> negatives;
  uint32_t chunk_size = 0;
  uint32_t negatives_per_chunk = 0;
  bool corrupt_heads = false;  ///< negatives replace heads (else tails)
};

enum class Loss { logsigmoid, margin };

struct TrainOptions {
  Loss loss = Loss::logsigmoid;
  float margin = 1.0f;  ///< the margin ranking loss's (margin loss only)
  float learning_rate = 0.1f;
  /// fused: scores, loss and gradients per chunk with no gathered copies
  /// of the rows; unfused: gather, score, loss, gradients and scatter as
  /// separate passes over materialised arrays (the reference, and the
  /// baseline bench/kernels measures memory and speed against).
  bool fused = true;
};

struct TrainResult {
  double loss = 0;
  uint64_t rows_updated = 0;
  /// The largest working memory the step took besides the tables (bytes).
  uint64_t peak_work_bytes = 0;
  /// fp16 tables: a gradient overflowed at this step's loss scale, so the
  /// tables were left as they were and the scale halved
  /// (mixed_precision.hpp).
  bool skipped = false;
  float loss_scale = 1.0f;  ///< the scale this step's gradients had (fp16)
};

/// A batch's gradients, summed per row (what Adagrad applies). For tests
/// and the finite-difference check. Tables of 16-bit precision give them
/// as a 16-bit step leaves them (mixed_precision.hpp), unscaled.
struct Gradients {
  double loss = 0;
  bool overflow = false;  ///< one overflowed fp16 at the tables' loss scale
  std::vector<uint32_t> entity_rows;
  std::vector<float> entity_grads;  ///< entity_rows.size() x dim
  std::vector<uint32_t> relation_rows;
  std::vector<float> relation_grads;  ///< relation_rows.size() x relation_dim
};

/// Checks triples against the spec (rows in range; the field named).
Result<void> check_triples(const EmbeddingSpec& spec, std::span<const Triple> triples,
                           bool check_tails = true);
/// Checks a link prediction's queries, k (1..kMaxK) and candidates.
Result<void> check_prediction(const EmbeddingSpec& spec, std::span<const Triple> queries,
                              std::size_t k, const std::vector<uint32_t>* candidates);
/// Checks a batch against the spec (rows in range, chunk shapes).
Result<void> check_batch(const EmbeddingSpec& spec, const TrainBatch& batch);

/// The tables, resident on one backend's device.
class EmbeddingTables {
 public:
  virtual ~EmbeddingTables() = default;
  virtual const EmbeddingSpec& spec() const = 0;
  virtual uint64_t bytes() const = 0;
};

}  // namespace ds::kernels
