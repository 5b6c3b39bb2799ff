#include "kernels/cuda/exact_knn.cuh"

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "kernels/cuda/cuda_check.cuh"
#include "kernels/cuda/select_kernels.cuh"
#include "kernels/vectors.hpp"

namespace ds::kernels::cuda {
namespace {

constexpr std::size_t kQueryBlock = 1024;

/// Products of one tile (queries x rows floats): 256 MiB, or
/// DS_CUDA_KNN_TILE_MIB. A tile the L2 cache holds would spare the device
/// memory traffic of writing and reading products, at more launches per
/// search; the benchmark measures both (docs/compute.md).
std::size_t tile_floats() {
  static const std::size_t floats = [] {
    std::size_t mib = 256;
    if (const char* set = std::getenv("DS_CUDA_KNN_TILE_MIB"); set != nullptr)
      mib = std::max<std::size_t>(1, std::strtoull(set, nullptr, 10));
    return (mib << 20) / sizeof(float);
  }();
  return floats;
}

/// The device memory one search takes, from the pool.
struct Workspace {
  DeviceArray<uint8_t> queries;
  DeviceArray<float> norms;
  DeviceArray<float> products;
  DeviceArray<uint64_t> best, chunk_best;
  DeviceArray<uint32_t> thresholds;
  DeviceArray<float> scores;
  DeviceArray<int64_t> ids;
  DeviceArray<uint8_t> mask;

  Result<void> allocate(const DevicePool& pool, std::size_t query_bytes, std::size_t nq,
                        std::size_t block, std::size_t k, std::size_t products_count,
                        std::size_t chunk_best_count, std::size_t mask_bytes) {
    std::optional<Error> failed;
    auto take = [&](auto& into, std::size_t count) {
      if (failed) return;
      auto made = std::remove_reference_t<decltype(into)>::make(pool, count);
      if (!made)
        failed = std::move(made).error();
      else
        into = std::move(*made);
    };
    take(queries, query_bytes);
    take(norms, nq);
    take(products, products_count);
    take(best, block * k);
    take(thresholds, block);
    take(chunk_best, chunk_best_count);
    take(scores, nq * k);
    take(ids, nq * k);
    take(mask, mask_bytes);
    if (failed) return std::move(*failed);
    return {};
  }
};

cudaDataType_t data_type(Precision precision) {
  switch (precision) {
    case Precision::bf16:
      return CUDA_R_16BF;
    case Precision::fp16:
      return CUDA_R_16F;
    default:
      return CUDA_R_32F;
  }
}

/// The queries as the base keeps its rows (bytes) and their squared norms.
void prepare_queries(const BaseSpec& spec, std::span<const float> queries, std::size_t nq,
                     std::vector<uint8_t>& stored, std::vector<float>& norms) {
  std::vector<float> values(queries.begin(), queries.end());
  norms.resize(nq);
  for (std::size_t q = 0; q < nq; ++q) {
    auto query = std::span(values).subspan(q * spec.dim, spec.dim);
    prepare_vector(spec, query);
    norms[q] = squared_norm(query);
  }
  stored = stored_bytes(spec.precision, values);
}

}  // namespace

Result<KnnResult> exact_knn(const CudaBase& base, std::span<const float> queries, std::size_t nq,
                            std::size_t k, const std::vector<uint8_t>& mask) {
  const auto& device = base.device();
  if (auto ok = device.use(); !ok) return std::move(ok).error();
  const auto& spec = base.spec();
  const std::size_t dim = spec.dim, n = base.size(), value_bytes = bytes_per_value(spec.precision);
  const cudaStream_t stream = device.stream();
  KnnResult out{nq, k, std::vector<float>(nq * k), std::vector<int64_t>(nq * k)};

  std::vector<uint8_t> stored;
  std::vector<float> norms;
  prepare_queries(spec, queries, nq, stored, norms);
  const std::size_t block = std::min(nq, kQueryBlock);
  const std::size_t tile = std::max<std::size_t>(1, std::min(n, tile_floats() / block));

  Workspace work;
  if (auto made = work.allocate(device.pool(), stored.size(), nq, block, k, block * tile,
                                chunk_best_entries(block, tile, k), mask.size());
      !made)
    return std::move(made).error();
  DS_CUDA_TRY(cudaMemcpyAsync(work.queries.data(), stored.data(), stored.size(),
                              cudaMemcpyHostToDevice, stream));
  DS_CUDA_TRY(cudaMemcpyAsync(work.norms.data(), norms.data(), nq * sizeof(float),
                              cudaMemcpyHostToDevice, stream));
  if (!mask.empty())
    DS_CUDA_TRY(cudaMemcpyAsync(work.mask.data(), mask.data(), mask.size(), cudaMemcpyHostToDevice,
                                stream));

  const auto type = data_type(spec.precision);
  const auto compute =
      spec.precision == Precision::tf32 ? CUBLAS_COMPUTE_32F_FAST_TF32 : CUBLAS_COMPUTE_32F;
  const float one = 1.0f, zero = 0.0f;
  const unsigned kk = static_cast<unsigned>(k);
  const auto* rows = static_cast<const uint8_t*>(base.rows());
  const TopK top{work.best.data(), work.thresholds.data(), work.chunk_best.data()};
  for (std::size_t q0 = 0; q0 < nq; q0 += block) {
    const std::size_t bq = std::min(block, nq - q0);
    DS_CUDA_TRY(reset_top_k(stream, top, bq, k));
    for (std::size_t r0 = 0; r0 < n; r0 += tile) {
      const std::size_t br = std::min(tile, n - r0);
      // Column-major: products^T (br x bq) = rows^T (br x dim) * queries (dim x bq).
      DS_CUDA_TRY(cublasGemmEx(
          device.blas(), CUBLAS_OP_T, CUBLAS_OP_N, static_cast<int>(br), static_cast<int>(bq),
          static_cast<int>(dim), &one, rows + r0 * dim * value_bytes, type, static_cast<int>(dim),
          work.queries.data() + q0 * dim * value_bytes, type, static_cast<int>(dim), &zero,
          work.products.data(), CUDA_R_32F, static_cast<int>(br), compute, CUBLAS_GEMM_DEFAULT));
      launch_select_tile(stream, static_cast<unsigned>(bq), work.products.data(), br,
                         static_cast<unsigned>(br), static_cast<uint32_t>(r0), base.norms(),
                         mask.empty() ? nullptr : work.mask.data(), kk, top);
      DS_CUDA_TRY(cudaGetLastError());
    }
    launch_write_results(stream, static_cast<unsigned>(bq), work.best.data(), kk,
                         work.norms.data() + q0, spec.metric == Metric::l2, base.ids(),
                         work.scores.data() + q0 * k, work.ids.data() + q0 * k);
    DS_CUDA_TRY(cudaGetLastError());
  }
  DS_CUDA_TRY(cudaMemcpyAsync(out.scores.data(), work.scores.data(), nq * k * sizeof(float),
                              cudaMemcpyDeviceToHost, stream));
  DS_CUDA_TRY(cudaMemcpyAsync(out.ids.data(), work.ids.data(), nq * k * sizeof(int64_t),
                              cudaMemcpyDeviceToHost, stream));
  DS_CUDA_TRY(cudaStreamSynchronize(stream));
  return Result<KnnResult>(std::move(out));
}

}  // namespace ds::kernels::cuda
