#include "kernels/cuda/cuda_backend.hpp"

#include "kernels/cuda/cuda_base.cuh"
#include "kernels/cuda/cuda_check.cuh"
#include "kernels/cuda/cuda_device.cuh"
#include "kernels/cuda/cuda_tables.cuh"
#include "kernels/cuda/embedding_kernels.cuh"
#include "kernels/cuda/exact_knn.cuh"

namespace ds::kernels::cuda {
namespace {

/// `tables` as this backend made them, or an error if another did.
Result<const CudaTables*> cuda_tables(const EmbeddingTables& tables, const CudaDevice* device) {
  const auto* mine = dynamic_cast<const CudaTables*>(&tables);
  if (mine == nullptr || &mine->device() != device)
    return make_error(errc::invalid_argument, "tables: made by another backend than this one");
  return mine;
}

class CudaBackend final : public Backend {
 public:
  explicit CudaBackend(std::shared_ptr<CudaDevice> device) : device_(std::move(device)) {}

  const DeviceInfo& device() const override { return device_->info(); }

  Result<std::unique_ptr<VectorBase>> upload(const BaseSpec& spec, std::span<const float> rows,
                                             std::span<const int64_t> ids) override {
    if (auto ok = check_upload(spec, rows, ids); !ok) return std::move(ok).error();
    if (auto ok = device_->use(); !ok) return std::move(ok).error();
    BaseSpec resolved = spec;
    resolved.precision = resolve(spec.precision, device_->info().compute_major);
    auto base = CudaBase::upload(device_, resolved, rows, ids);
    if (!base) return std::move(base).error();
    return std::unique_ptr<VectorBase>(std::move(*base));
  }

  Result<void> update(VectorBase& base, std::span<const int64_t> removed,
                      std::span<const float> rows, std::span<const int64_t> ids) override {
    auto* mine = dynamic_cast<CudaBase*>(&base);
    if (mine == nullptr || &mine->device() != device_.get())
      return make_error(errc::invalid_argument, "base: made by another backend than this one");
    if (auto ok = check_update(base, rows, ids); !ok) return std::move(ok).error();
    return mine->update(removed, rows, ids);
  }

  Result<KnnResult> knn(const VectorBase& base, std::span<const float> queries, std::size_t k,
                        const std::vector<int64_t>* allowed) override {
    auto nq = check_knn(base, queries, k);
    if (!nq) return std::move(nq).error();
    const auto* mine = dynamic_cast<const CudaBase*>(&base);
    if (mine == nullptr || &mine->device() != device_.get())
      return make_error(errc::invalid_argument, "base: made by another backend than this one");
    return exact_knn(*mine, queries, *nq, k,
                     allowed ? mine->mask(*allowed) : std::vector<uint8_t>{});
  }

  Result<std::unique_ptr<EmbeddingTables>> upload_tables(
      const EmbeddingSpec& spec, std::span<const float> entities,
      std::span<const float> relations) override {
    if (auto ok = check_tables(spec, entities, relations); !ok) return std::move(ok).error();
    if (auto ok = device_->use(); !ok) return std::move(ok).error();
    auto tables = CudaTables::upload(device_, spec, entities, relations);
    if (!tables) return std::move(tables).error();
    return std::unique_ptr<EmbeddingTables>(std::move(*tables));
  }

  Result<void> download_tables(const EmbeddingTables& tables, std::vector<float>& entities,
                               std::vector<float>& relations) override {
    auto mine = cuda_tables(tables, device_.get());
    if (!mine) return std::move(mine).error();
    return download(**mine, entities, relations);
  }

  Result<std::vector<float>> score(const EmbeddingTables& tables,
                                   std::span<const Triple> triples) override {
    auto mine = cuda_tables(tables, device_.get());
    if (!mine) return std::move(mine).error();
    if (auto ok = check_triples(tables.spec(), triples); !ok) return std::move(ok).error();
    return cuda::score(**mine, triples);
  }

  Result<KnnResult> predict_tails(const EmbeddingTables& tables, std::span<const Triple> queries,
                                  std::size_t k, const std::vector<uint32_t>* candidates) override {
    auto mine = cuda_tables(tables, device_.get());
    if (!mine) return std::move(mine).error();
    if (auto ok = check_prediction(tables.spec(), queries, k, candidates); !ok)
      return std::move(ok).error();
    return cuda::predict_tails(**mine, queries, k, candidates);
  }

  Result<Gradients> gradients(const EmbeddingTables& tables, const TrainBatch& batch,
                              const TrainOptions& options) override {
    auto mine = cuda_tables(tables, device_.get());
    if (!mine) return std::move(mine).error();
    if (auto ok = check_batch(tables.spec(), batch); !ok) return std::move(ok).error();
    uint64_t peak = 0;
    return cuda::gradients(**mine, batch, options, false, true, peak);
  }

  Result<TrainResult> train_step(EmbeddingTables& tables, const TrainBatch& batch,
                                 const TrainOptions& options) override {
    auto mine = cuda_tables(tables, device_.get());
    if (!mine) return std::move(mine).error();
    if (auto ok = check_batch(tables.spec(), batch); !ok) return std::move(ok).error();
    TrainResult result;
    auto sums = cuda::gradients(**mine, batch, options, true, false, result.peak_work_bytes);
    if (!sums) return std::move(sums).error();
    result.loss = sums->loss;
    if (tables.spec().precision == Precision::fp16) {
      result.loss_scale = (*mine)->loss_scale().scale;
      (*mine)->loss_scale().update(sums->overflow);
    }
    if (sums->overflow) {  // gradients() left the tables as they were
      result.skipped = true;
      return result;
    }
    result.rows_updated = sums->entity_rows.size() + sums->relation_rows.size();
    return result;
  }

  PoolStats pool_stats() const override { return device_->pool().stats(); }

  Result<double> copy_bytes_per_second(std::size_t bytes) override {
    if (auto ok = device_->use(); !ok) return std::move(ok).error();
    auto from = DeviceArray<char>::make(device_->pool(), bytes);
    if (!from) return std::move(from).error();
    auto to = DeviceArray<char>::make(device_->pool(), bytes);
    if (!to) return std::move(to).error();
    auto stream = device_->stream();
    cudaEvent_t start = nullptr, stop = nullptr;
    DS_CUDA_TRY(cudaEventCreate(&start));
    DS_CUDA_TRY(cudaEventCreate(&stop));
    DS_CUDA_TRY(cudaMemcpyAsync(to->data(), from->data(), bytes, cudaMemcpyDeviceToDevice, stream));
    DS_CUDA_TRY(cudaEventRecord(start, stream));
    constexpr int kCopies = 10;
    for (int i = 0; i < kCopies; ++i)
      DS_CUDA_TRY(
          cudaMemcpyAsync(to->data(), from->data(), bytes, cudaMemcpyDeviceToDevice, stream));
    DS_CUDA_TRY(cudaEventRecord(stop, stream));
    DS_CUDA_TRY(cudaEventSynchronize(stop));
    float ms = 0;
    DS_CUDA_TRY(cudaEventElapsedTime(&ms, start, stop));
    cudaEventDestroy(start);
    cudaEventDestroy(stop);
    return 2.0 * static_cast<double>(bytes) * kCopies / (ms / 1000.0);
  }

 private:
  std::shared_ptr<CudaDevice> device_;
};

}  // namespace

Result<int> device_count() {
  int count = 0;
  if (auto asked = check(cudaGetDeviceCount(&count), "the CUDA driver"); !asked)
    return std::move(asked).error();
  if (count == 0) return make_error(errc::unavailable, "the CUDA driver reports no device");
  return count;
}

Result<std::unique_ptr<Backend>> make_cuda_backend(int ordinal) {
  auto device = CudaDevice::open(ordinal);
  if (!device) return std::move(device).error();
  return std::unique_ptr<Backend>(std::make_unique<CudaBackend>(std::move(*device)));
}

}  // namespace ds::kernels::cuda
