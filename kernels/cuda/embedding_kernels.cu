#include "kernels/cuda/embedding_kernels.cuh"

#include <algorithm>
#include <numeric>
#include <optional>

#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include "kernels/cuda/cuda_check.cuh"
#include "kernels/cuda/select_kernels.cuh"
#include "kernels/mixed_precision.hpp"
#include "kernels/row_slots.hpp"
#include "kernels/score_math.hpp"

namespace ds::kernels::cuda {
namespace {

constexpr unsigned kThreads = 256;

unsigned blocks_for(std::size_t n) { return static_cast<unsigned>((n + kThreads - 1) / kThreads); }

/// Where the model's rows are, for device code.
struct Model {
  ScoreModel kind;
  uint32_t d, rd;
  float gamma;
  const float* entities;
  const float* relations;
  __device__ const float* entity(uint32_t row) const { return entities + std::size_t{row} * d; }
  __device__ const float* relation(uint32_t row) const { return relations + std::size_t{row} * rd; }
  __device__ float score(const float* h, const float* r, const float* t,
                         const GradientSink* sink = nullptr) const {
    return score_triple(kind, h, r, t, d, gamma, sink);
  }
};

Model model_of(const CudaTables& tables) {
  const auto& spec = tables.spec();
  return {spec.model, spec.dim,          spec.relation_dim(),
          spec.gamma, tables.entities(), tables.relations()};
}

__global__ void score_triples(Model m, const Triple* triples, std::size_t n, float* out) {
  std::size_t i = blockIdx.x * std::size_t{blockDim.x} + threadIdx.x;
  if (i >= n) return;
  Triple t = triples[i];
  out[i] = m.score(m.entity(t.head), m.relation(t.relation), m.entity(t.tail));
}

/// products[q][i]: the score of (head_q, relation_q, candidate first + i).
__global__ void score_tails(Model m, const Triple* queries, const uint32_t* candidates,
                            uint32_t first, uint32_t count, float* products) {
  uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= count) return;
  const unsigned q = blockIdx.y;
  uint32_t row = candidates ? candidates[first + i] : first + i;
  Triple query = queries[q];
  products[std::size_t{q} * count + i] =
      m.score(m.entity(query.head), m.relation(query.relation), m.entity(row));
}

/// What a training step's kernels read about the batch.
struct Batch {
  const Triple* positives;
  const uint32_t* negatives;  // chunks x per_chunk entity rows
  uint32_t size, chunk, per_chunk;
  bool corrupt_heads;
  Loss loss;
  float margin;
  // Gradient slots: of each positive's rows and of each negative.
  const uint32_t *head_slot, *relation_slot, *tail_slot, *negative_slot;
  float* entity_grads;    // slots x d
  float* relation_grads;  // slots x rd
  float* loss_sum;
  __device__ float pairs() const { return static_cast<float>(size) * per_chunk; }
  __device__ std::size_t negative_at(uint32_t p, uint32_t j) const {
    return std::size_t{p / chunk} * per_chunk + j;
  }
};

/// The fused step: block p handles positive p and its chunk's negatives.
__global__ void fused_pairs(Model m, Batch b) {
  extern __shared__ float shared[];
  __shared__ float positive, d_positive;
  const uint32_t p = blockIdx.x, d = m.d, rd = m.rd;
  float *h = shared, *r = h + d, *t = r + rd;
  float *gh = t + d, *gr = gh + d, *gt = gr + rd, *d_negative = gt + d;
  const Triple pos = b.positives[p];
  for (uint32_t i = threadIdx.x; i < d; i += blockDim.x) {
    h[i] = m.entity(pos.head)[i];
    t[i] = m.entity(pos.tail)[i];
    gh[i] = gt[i] = 0;
  }
  for (uint32_t i = threadIdx.x; i < rd; i += blockDim.x) {
    r[i] = m.relation(pos.relation)[i];
    gr[i] = 0;
  }
  __syncthreads();
  if (threadIdx.x == 0) {
    positive = m.score(h, r, t);
    d_positive = 0;
  }
  __syncthreads();
  float loss = 0, my_d_positive = 0;
  for (uint32_t j = threadIdx.x; j < b.per_chunk; j += blockDim.x) {
    const float* n = m.entity(b.negatives[b.negative_at(p, j)]);
    float negative = b.corrupt_heads ? m.score(n, r, t) : m.score(h, r, n);
    auto share = pair_loss(b.loss, b.margin, positive, negative, b.pairs());
    loss += share.loss;
    my_d_positive += share.d_positive;
    d_negative[j] = share.d_negative;
  }
  atomicAdd(&d_positive, my_d_positive);
  atomicAdd(b.loss_sum, loss);
  __syncthreads();
  for (uint32_t j = threadIdx.x; j < b.per_chunk; j += blockDim.x) {
    auto at = b.negative_at(p, j);
    const float* n = m.entity(b.negatives[at]);
    float* gn = b.entity_grads + std::size_t{b.negative_slot[at]} * d;
    GradientSink sink{d_negative[j], b.corrupt_heads ? gn : gh, gr, b.corrupt_heads ? gt : gn};
    m.score(b.corrupt_heads ? n : h, r, b.corrupt_heads ? t : n, &sink);
  }
  __syncthreads();
  if (threadIdx.x == 0) {
    GradientSink sink{d_positive, gh, gr, gt};
    m.score(h, r, t, &sink);
  }
  __syncthreads();
  for (uint32_t i = threadIdx.x; i < d; i += blockDim.x) {
    atomicAdd(&b.entity_grads[std::size_t{b.head_slot[p]} * d + i], gh[i]);
    atomicAdd(&b.entity_grads[std::size_t{b.tail_slot[p]} * d + i], gt[i]);
  }
  for (uint32_t i = threadIdx.x; i < rd; i += blockDim.x)
    atomicAdd(&b.relation_grads[std::size_t{b.relation_slot[p]} * rd + i], gr[i]);
}

// ---- the unfused step: what autograd materialises ---------------------------

/// `value` rounded to the precision's nearest value (mixed_precision.hpp's
/// round_to, with CUDA's conversions: the same round to nearest even).
__device__ float device_round(Precision precision, float value) {
  if (precision == Precision::bf16) return __bfloat162float(__float2bfloat16_rn(value));
  if (precision == Precision::fp16) return __half2float(__float2half_rn(value));
  return value;
}

/// out[i] = table[rows[i / width]][i % width], rounded to `precision`.
__global__ void gather(const float* table, const uint32_t* rows, std::size_t count, uint32_t width,
                       float* out, Precision precision = Precision::fp32) {
  std::size_t i = blockIdx.x * std::size_t{blockDim.x} + threadIdx.x;
  if (i >= count * width) return;
  out[i] = device_round(precision, table[std::size_t{rows[i / width]} * width + i % width]);
}

/// Gradients as a 16-bit step leaves them (mixed_precision.hpp's
/// finish_gradients): scaled, rounded, unscaled; *overflow set if one
/// became inf or NaN.
__global__ void finish_on_device(float* grads, std::size_t n, Precision precision, float scale,
                                 unsigned* overflow) {
  std::size_t i = blockIdx.x * std::size_t{blockDim.x} + threadIdx.x;
  if (i >= n) return;
  const float stored = device_round(precision, grads[i] * scale);
  if (!isfinite(stored)) atomicOr(overflow, 1u);
  grads[i] = stored / scale;
}

struct Gathered {
  const float *heads, *relations, *tails, *negatives;  // b x d, b x rd, b x d, negatives x d
};

/// Thread (p, j): the pair's score; thread (p, per_chunk): the positive's.
__global__ void unfused_scores(Model m, Batch b, Gathered g, float* positive, float* negative) {
  std::size_t i = blockIdx.x * std::size_t{blockDim.x} + threadIdx.x;
  const uint32_t width = b.per_chunk + 1;
  if (i >= std::size_t{b.size} * width) return;
  uint32_t p = static_cast<uint32_t>(i / width), j = static_cast<uint32_t>(i % width);
  const float *h = g.heads + std::size_t{p} * m.d, *r = g.relations + std::size_t{p} * m.rd,
              *t = g.tails + std::size_t{p} * m.d;
  if (j == b.per_chunk) {
    positive[p] = m.score(h, r, t);
    return;
  }
  const float* n = g.negatives + b.negative_at(p, j) * m.d;
  negative[std::size_t{p} * b.per_chunk + j] =
      b.corrupt_heads ? m.score(n, r, t) : m.score(h, r, n);
}

__global__ void unfused_loss(Batch b, const float* positive, const float* negative,
                             float* d_positive, float* d_negative) {
  uint32_t p = blockIdx.x * blockDim.x + threadIdx.x;
  if (p >= b.size) return;
  float loss = 0, dp = 0;
  for (uint32_t j = 0; j < b.per_chunk; ++j) {
    auto share = pair_loss(b.loss, b.margin, positive[p],
                           negative[std::size_t{p} * b.per_chunk + j], b.pairs());
    loss += share.loss;
    dp += share.d_positive;
    d_negative[std::size_t{p} * b.per_chunk + j] = share.d_negative;
  }
  d_positive[p] = dp;
  atomicAdd(b.loss_sum, loss);
}

struct PairGradients {
  float *heads, *relations, *tails;  // per positive
  float* negatives;                  // per pair: size x per_chunk x d
};

__global__ void unfused_gradients(Model m, Batch b, Gathered g, const float* d_positive,
                                  const float* d_negative, PairGradients out) {
  std::size_t i = blockIdx.x * std::size_t{blockDim.x} + threadIdx.x;
  const uint32_t width = b.per_chunk + 1;
  if (i >= std::size_t{b.size} * width) return;
  uint32_t p = static_cast<uint32_t>(i / width), j = static_cast<uint32_t>(i % width);
  const float *h = g.heads + std::size_t{p} * m.d, *r = g.relations + std::size_t{p} * m.rd,
              *t = g.tails + std::size_t{p} * m.d;
  float *gh = out.heads + std::size_t{p} * m.d, *gr = out.relations + std::size_t{p} * m.rd,
        *gt = out.tails + std::size_t{p} * m.d;
  if (j == b.per_chunk) {
    GradientSink sink{d_positive[p], gh, gr, gt};
    m.score(h, r, t, &sink);
    return;
  }
  const float* n = g.negatives + b.negative_at(p, j) * m.d;
  float* gn = out.negatives + (std::size_t{p} * b.per_chunk + j) * m.d;
  GradientSink sink{d_negative[std::size_t{p} * b.per_chunk + j], b.corrupt_heads ? gn : gh, gr,
                    b.corrupt_heads ? gt : gn};
  m.score(b.corrupt_heads ? n : h, r, b.corrupt_heads ? t : n, &sink);
}

/// Adds each positive's and each pair's gradients into the per-row sums.
__global__ void scatter(Model m, Batch b, PairGradients g) {
  std::size_t i = blockIdx.x * std::size_t{blockDim.x} + threadIdx.x;
  const std::size_t d = m.d, rd = m.rd;
  const std::size_t positives = std::size_t{b.size} * d;
  if (i < positives) {
    std::size_t p = i / d, c = i % d;
    atomicAdd(&b.entity_grads[b.head_slot[p] * d + c], g.heads[i]);
    atomicAdd(&b.entity_grads[b.tail_slot[p] * d + c], g.tails[i]);
    if (c < rd) atomicAdd(&b.relation_grads[b.relation_slot[p] * rd + c], g.relations[p * rd + c]);
    return;
  }
  i -= positives;
  if (i >= std::size_t{b.size} * b.per_chunk * d) return;
  std::size_t pair = i / d, c = i % d;
  uint32_t p = static_cast<uint32_t>(pair / b.per_chunk),
           j = static_cast<uint32_t>(pair % b.per_chunk);
  atomicAdd(&b.entity_grads[b.negative_slot[b.negative_at(p, j)] * d + c], g.negatives[i]);
}

/// Block s: row-wise Adagrad (DGL-KE) of the row in slot s.
__global__ void adagrad(float* table, float* state, const uint32_t* rows, const float* grads,
                        uint32_t width, float learning_rate) {
  __shared__ float sum;
  const uint32_t s = blockIdx.x;
  const float* g = grads + std::size_t{s} * width;
  if (threadIdx.x == 0) sum = 0;
  __syncthreads();
  float mine = 0;
  for (uint32_t i = threadIdx.x; i < width; i += blockDim.x)
    mine += g[i] * g[i];
  atomicAdd(&sum, mine);
  __syncthreads();
  const uint32_t row = rows[s];
  __shared__ float scale;
  if (threadIdx.x == 0) {
    state[row] += sum / width;
    scale = learning_rate / (sqrtf(state[row]) + 1e-10f);
  }
  __syncthreads();
  float* w = table + std::size_t{row} * width;
  for (uint32_t i = threadIdx.x; i < width; i += blockDim.x)
    w[i] -= scale * g[i];
}

/// Device arrays taken in order; the first failure is kept.
class Arrays {
 public:
  explicit Arrays(const DevicePool& pool) : pool_(pool) {}
  template <class T>
  T* copy(DeviceArray<T>& into, const std::vector<T>& values) {
    return keep(into, copy_to_device(pool_, values.data(), values.size()));
  }
  template <class T>
  T* zero(DeviceArray<T>& into, std::size_t count) {
    return keep(into, zeroed<T>(pool_, count));
  }
  template <class T>
  T* make(DeviceArray<T>& into, std::size_t count) {
    return keep(into, DeviceArray<T>::make(pool_, count));
  }
  const std::optional<Error>& failed() const { return failed_; }

 private:
  template <class T>
  T* keep(DeviceArray<T>& into, Result<DeviceArray<T>> made) {
    if (failed_) return nullptr;
    if (!made) {
      failed_ = std::move(made).error();
      return nullptr;
    }
    into = std::move(*made);
    return into.data();
  }
  const DevicePool& pool_;
  std::optional<Error> failed_;
};

}  // namespace

Result<std::vector<float>> score(const CudaTables& tables, std::span<const Triple> triples) {
  const auto& device = tables.device();
  if (auto ok = device.use(); !ok) return std::move(ok).error();
  std::vector<Triple> host(triples.begin(), triples.end());
  DeviceArray<Triple> d_triples;
  DeviceArray<float> d_scores;
  Arrays arrays(device.pool());
  arrays.copy(d_triples, host);
  arrays.make(d_scores, host.size());
  if (arrays.failed()) return *arrays.failed();
  std::vector<float> out(host.size());
  if (!host.empty()) {
    score_triples<<<blocks_for(host.size()), kThreads, 0, device.stream()>>>(
        model_of(tables), d_triples.data(), host.size(), d_scores.data());
    DS_CUDA_TRY(cudaGetLastError());
    DS_CUDA_TRY(cudaMemcpyAsync(out.data(), d_scores.data(), out.size() * sizeof(float),
                                cudaMemcpyDeviceToHost, device.stream()));
  }
  DS_CUDA_TRY(cudaStreamSynchronize(device.stream()));
  return Result<std::vector<float>>(std::move(out));
}

Result<KnnResult> predict_tails(const CudaTables& tables, std::span<const Triple> queries,
                                std::size_t k, const std::vector<uint32_t>* candidates) {
  const auto& device = tables.device();
  if (auto ok = device.use(); !ok) return std::move(ok).error();
  const std::size_t nq = queries.size();
  const std::size_t pool_size = candidates ? candidates->size() : tables.spec().entities;
  // Tiles of at most 64 Mi scores; ids are entity rows.
  const std::size_t tile = std::max<std::size_t>(
      1, std::min(pool_size, (std::size_t{64} << 20) / std::max<std::size_t>(1, nq)));
  std::vector<Triple> host(queries.begin(), queries.end());
  std::vector<int64_t> ids(pool_size);
  if (candidates)
    std::copy(candidates->begin(), candidates->end(), ids.begin());
  else
    std::iota(ids.begin(), ids.end(), int64_t{0});
  DeviceArray<Triple> d_queries;
  DeviceArray<uint32_t> d_candidates;
  DeviceArray<int64_t> d_ids, d_out_ids;
  DeviceArray<float> d_products, d_scores;
  DeviceArray<uint64_t> d_best, d_chunk_best;
  DeviceArray<uint32_t> d_thresholds;
  Arrays arrays(device.pool());
  arrays.copy(d_queries, host);
  if (candidates) arrays.copy(d_candidates, *candidates);
  arrays.copy(d_ids, ids);
  arrays.make(d_products, nq * tile);
  arrays.make(d_best, nq * k);
  arrays.make(d_thresholds, nq);
  arrays.make(d_chunk_best, chunk_best_entries(nq, tile, k));
  arrays.make(d_scores, nq * k);
  arrays.make(d_out_ids, nq * k);
  if (arrays.failed()) return *arrays.failed();
  KnnResult out{nq, k, std::vector<float>(nq * k), std::vector<int64_t>(nq * k)};
  if (nq == 0) return Result<KnnResult>(std::move(out));
  auto stream = device.stream();
  const TopK top{d_best.data(), d_thresholds.data(), d_chunk_best.data()};
  DS_CUDA_TRY(reset_top_k(stream, top, nq, k));
  const auto m = model_of(tables);
  for (std::size_t first = 0; first < pool_size; first += tile) {
    const auto count = static_cast<uint32_t>(std::min(tile, pool_size - first));
    score_tails<<<dim3(blocks_for(count), static_cast<unsigned>(nq)), kThreads, 0, stream>>>(
        m, d_queries.data(), candidates ? d_candidates.data() : nullptr,
        static_cast<uint32_t>(first), count, d_products.data());
    launch_select_tile(stream, static_cast<unsigned>(nq), d_products.data(), count, count,
                       static_cast<uint32_t>(first), nullptr, nullptr, static_cast<unsigned>(k),
                       top);
    DS_CUDA_TRY(cudaGetLastError());
  }
  launch_write_results(stream, static_cast<unsigned>(nq), d_best.data(), static_cast<unsigned>(k),
                       nullptr, false, d_ids.data(), d_scores.data(), d_out_ids.data());
  DS_CUDA_TRY(cudaGetLastError());
  DS_CUDA_TRY(cudaMemcpyAsync(out.scores.data(), d_scores.data(), d_scores.bytes(),
                              cudaMemcpyDeviceToHost, stream));
  DS_CUDA_TRY(cudaMemcpyAsync(out.ids.data(), d_out_ids.data(), d_out_ids.bytes(),
                              cudaMemcpyDeviceToHost, stream));
  DS_CUDA_TRY(cudaStreamSynchronize(stream));
  return Result<KnnResult>(std::move(out));
}

Result<Gradients> gradients(const CudaTables& tables, const TrainBatch& batch,
                            const TrainOptions& options, bool apply, bool download,
                            uint64_t& peak_work_bytes) {
  const auto& device = tables.device();
  if (auto ok = device.use(); !ok) return std::move(ok).error();
  const auto& pool = device.pool();
  const auto stream = device.stream();
  const auto& spec = tables.spec();
  const uint32_t d = spec.dim, rd = spec.relation_dim();
  const auto b = static_cast<uint32_t>(batch.positives.size());
  DS_CUDA_TRY(cudaStreamSynchronize(stream));
  const uint64_t before = pool.stats().in_use_bytes;
  pool.reset_peak();

  // The tables' rows the batch touches (Adagrad updates them). A 16-bit
  // step runs over tables of those rows alone, rounded, with the batch
  // renumbered to them (mixed_precision.hpp).
  const RowSlots touched(batch);
  const bool rounded = trains_in_16_bits(spec.precision);
  const TrainBatch renumbered = rounded ? batch_over_slots(batch, touched) : TrainBatch{};
  const TrainBatch& run = rounded ? renumbered : batch;
  std::optional<RowSlots> renumbered_slots;
  const RowSlots& slots = rounded ? renumbered_slots.emplace(run) : touched;
  std::vector<uint32_t> head_slot(b), relation_slot(b), tail_slot(b);
  std::vector<uint32_t> negative_slot(run.negatives.size());
  std::vector<uint32_t> heads(b), relations(b), tails(b);
  for (uint32_t p = 0; p < b; ++p) {
    const auto& pos = run.positives[p];
    head_slot[p] = slots.entity_slot.at(pos.head);
    relation_slot[p] = slots.relation_slot.at(pos.relation);
    tail_slot[p] = slots.entity_slot.at(pos.tail);
    heads[p] = pos.head, relations[p] = pos.relation, tails[p] = pos.tail;
  }
  for (std::size_t i = 0; i < run.negatives.size(); ++i)
    negative_slot[i] = slots.entity_slot.at(run.negatives[i]);

  DeviceArray<Triple> d_positives;
  DeviceArray<uint32_t> d_negatives, d_head_slot, d_relation_slot, d_tail_slot, d_negative_slot,
      d_entity_rows, d_relation_rows;
  DeviceArray<float> d_entity_grads, d_relation_grads, d_loss, d_rounded_entities,
      d_rounded_relations;
  DeviceArray<unsigned> d_overflow;
  Arrays arrays(pool);
  Batch on_device{arrays.copy(d_positives, run.positives),
                  arrays.copy(d_negatives, run.negatives),
                  b,
                  batch.chunk_size,
                  batch.negatives_per_chunk,
                  batch.corrupt_heads,
                  options.loss,
                  options.margin,
                  arrays.copy(d_head_slot, head_slot),
                  arrays.copy(d_relation_slot, relation_slot),
                  arrays.copy(d_tail_slot, tail_slot),
                  arrays.copy(d_negative_slot, negative_slot),
                  arrays.zero(d_entity_grads, slots.entities.size() * d),
                  arrays.zero(d_relation_grads, slots.relations.size() * rd),
                  arrays.zero(d_loss, 1)};
  arrays.copy(d_entity_rows, touched.entities);
  arrays.copy(d_relation_rows, touched.relations);
  if (rounded) {
    arrays.make(d_rounded_entities, touched.entities.size() * d);
    arrays.make(d_rounded_relations, touched.relations.size() * rd);
    arrays.zero(d_overflow, 1);
  }
  if (arrays.failed()) return *arrays.failed();
  auto m = model_of(tables);
  if (rounded) {
    gather<<<blocks_for(touched.entities.size() * d), kThreads, 0, stream>>>(
        tables.entities(), d_entity_rows.data(), touched.entities.size(), d,
        d_rounded_entities.data(), spec.precision);
    gather<<<blocks_for(touched.relations.size() * rd), kThreads, 0, stream>>>(
        tables.relations(), d_relation_rows.data(), touched.relations.size(), rd,
        d_rounded_relations.data(), spec.precision);
    DS_CUDA_TRY(cudaGetLastError());
    m.entities = d_rounded_entities.data();
    m.relations = d_rounded_relations.data();
  }
  const std::size_t pairs = std::size_t{b} * batch.negatives_per_chunk;

  if (options.fused) {
    const std::size_t shared =
        (4 * std::size_t{d} + 2 * rd + batch.negatives_per_chunk) * sizeof(float);
    if (shared > 48 * 1024)
      DS_CUDA_TRY(cudaFuncSetAttribute(fused_pairs, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                       static_cast<int>(shared)));
    const unsigned threads =
        std::min<unsigned>(kThreads, (batch.negatives_per_chunk + 31) / 32 * 32);
    fused_pairs<<<b, threads, shared, stream>>>(m, on_device);
    DS_CUDA_TRY(cudaGetLastError());
  } else {
    DeviceArray<uint32_t> d_heads, d_relations, d_tails;
    DeviceArray<float> g_heads, g_relations, g_tails, g_negatives, positive, negative, d_positive,
        d_negative, w_heads, w_relations, w_tails, w_negatives;
    Arrays work(pool);
    Gathered gathered{
        work.make(g_heads, std::size_t{b} * d), work.make(g_relations, std::size_t{b} * rd),
        work.make(g_tails, std::size_t{b} * d), work.make(g_negatives, batch.negatives.size() * d)};
    PairGradients per_pair{
        work.zero(w_heads, std::size_t{b} * d), work.zero(w_relations, std::size_t{b} * rd),
        work.zero(w_tails, std::size_t{b} * d), work.zero(w_negatives, pairs * d)};
    work.copy(d_heads, heads);
    work.copy(d_relations, relations);
    work.copy(d_tails, tails);
    work.make(positive, b);
    work.make(negative, pairs);
    work.make(d_positive, b);
    work.make(d_negative, pairs);
    if (work.failed()) return *work.failed();
    // From the model's tables: the rounded ones in a 16-bit step.
    gather<<<blocks_for(std::size_t{b} * d), kThreads, 0, stream>>>(m.entities, d_heads.data(), b,
                                                                    d, g_heads.data());
    gather<<<blocks_for(std::size_t{b} * rd), kThreads, 0, stream>>>(
        m.relations, d_relations.data(), b, rd, g_relations.data());
    gather<<<blocks_for(std::size_t{b} * d), kThreads, 0, stream>>>(m.entities, d_tails.data(), b,
                                                                    d, g_tails.data());
    gather<<<blocks_for(batch.negatives.size() * d), kThreads, 0, stream>>>(
        m.entities, d_negatives.data(), batch.negatives.size(), d, g_negatives.data());
    const std::size_t threads = std::size_t{b} * (batch.negatives_per_chunk + 1);
    unfused_scores<<<blocks_for(threads), kThreads, 0, stream>>>(m, on_device, gathered,
                                                                 positive.data(), negative.data());
    unfused_loss<<<blocks_for(b), kThreads, 0, stream>>>(
        on_device, positive.data(), negative.data(), d_positive.data(), d_negative.data());
    unfused_gradients<<<blocks_for(threads), kThreads, 0, stream>>>(
        m, on_device, gathered, d_positive.data(), d_negative.data(), per_pair);
    scatter<<<blocks_for(std::size_t{b} * d + pairs * d), kThreads, 0, stream>>>(m, on_device,
                                                                                 per_pair);
    DS_CUDA_TRY(cudaGetLastError());
    DS_CUDA_TRY(cudaStreamSynchronize(stream));  // before the work arrays free
  }
  Gradients out;
  if (rounded) {
    const float scale = spec.precision == Precision::fp16 ? tables.loss_scale().scale : 1.0f;
    finish_on_device<<<blocks_for(d_entity_grads.size()), kThreads, 0, stream>>>(
        d_entity_grads.data(), d_entity_grads.size(), spec.precision, scale, d_overflow.data());
    finish_on_device<<<blocks_for(d_relation_grads.size()), kThreads, 0, stream>>>(
        d_relation_grads.data(), d_relation_grads.size(), spec.precision, scale, d_overflow.data());
    DS_CUDA_TRY(cudaGetLastError());
    unsigned overflow = 0;
    DS_CUDA_TRY(cudaMemcpyAsync(&overflow, d_overflow.data(), sizeof(unsigned),
                                cudaMemcpyDeviceToHost, stream));
    DS_CUDA_TRY(cudaStreamSynchronize(stream));
    out.overflow = overflow != 0;
  }
  if (apply && !out.overflow) {
    if (!slots.entities.empty())
      adagrad<<<static_cast<unsigned>(slots.entities.size()), kThreads, 0, stream>>>(
          tables.entities(), tables.entity_state(), d_entity_rows.data(), d_entity_grads.data(), d,
          options.learning_rate);
    if (!slots.relations.empty())
      adagrad<<<static_cast<unsigned>(slots.relations.size()), kThreads, 0, stream>>>(
          tables.relations(), tables.relation_state(), d_relation_rows.data(),
          d_relation_grads.data(), rd, options.learning_rate);
    DS_CUDA_TRY(cudaGetLastError());
  }
  float loss = 0;
  DS_CUDA_TRY(cudaMemcpyAsync(&loss, d_loss.data(), sizeof(float), cudaMemcpyDeviceToHost, stream));
  if (download) {
    out.entity_rows = touched.entities;
    out.relation_rows = touched.relations;
    out.entity_grads.resize(d_entity_grads.size());
    out.relation_grads.resize(d_relation_grads.size());
    DS_CUDA_TRY(cudaMemcpyAsync(out.entity_grads.data(), d_entity_grads.data(),
                                d_entity_grads.bytes(), cudaMemcpyDeviceToHost, stream));
    DS_CUDA_TRY(cudaMemcpyAsync(out.relation_grads.data(), d_relation_grads.data(),
                                d_relation_grads.bytes(), cudaMemcpyDeviceToHost, stream));
  } else {
    out.entity_rows = touched.entities;  // counted by the caller
    out.relation_rows = touched.relations;
  }
  DS_CUDA_TRY(cudaStreamSynchronize(stream));
  out.loss = loss;
  auto peak = pool.stats().peak_in_use_bytes;
  peak_work_bytes = peak > before ? peak - before : 0;
  return Result<Gradients>(std::move(out));
}

Result<void> download(const CudaTables& tables, std::vector<float>& entities,
                      std::vector<float>& relations) {
  const auto& device = tables.device();
  if (auto ok = device.use(); !ok) return std::move(ok).error();
  const auto& spec = tables.spec();
  entities.resize(spec.entities * spec.dim);
  relations.resize(spec.relations * spec.relation_dim());
  DS_CUDA_TRY(cudaMemcpyAsync(entities.data(), tables.entities(), entities.size() * sizeof(float),
                              cudaMemcpyDeviceToHost, device.stream()));
  DS_CUDA_TRY(cudaMemcpyAsync(relations.data(), tables.relations(),
                              relations.size() * sizeof(float), cudaMemcpyDeviceToHost,
                              device.stream()));
  DS_CUDA_TRY(cudaStreamSynchronize(device.stream()));
  return {};
}

}  // namespace ds::kernels::cuda
