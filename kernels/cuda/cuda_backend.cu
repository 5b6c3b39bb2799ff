#include "kernels/cuda/cuda_backend.hpp"
#include "kernels/cuda/cuda_base.cuh"
#include "kernels/cuda/cuda_check.cuh"
#include "kernels/cuda/cuda_device.cuh"
#include "kernels/cuda/exact_knn.cuh"

namespace ds::kernels::cuda {
namespace {

// TODO(issue 6): the embedding kernels on CUDA; the compute unit routes
// embedding work to the CPU backend until then.
Error not_yet() {
  return make_error(errc::not_supported,
                    "knowledge-graph embeddings run on the CPU backend in this version");
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

  Result<std::unique_ptr<EmbeddingTables>> upload_tables(const EmbeddingSpec&,
                                                         std::span<const float>,
                                                         std::span<const float>) override {
    return not_yet();
  }
  Result<void> download_tables(const EmbeddingTables&, std::vector<float>&,
                               std::vector<float>&) override {
    return not_yet();
  }
  Result<std::vector<float>> score(const EmbeddingTables&, std::span<const Triple>) override {
    return not_yet();
  }
  Result<KnnResult> predict_tails(const EmbeddingTables&, std::span<const Triple>, std::size_t,
                                  const std::vector<uint32_t>*) override {
    return not_yet();
  }
  Result<Gradients> gradients(const EmbeddingTables&, const TrainBatch&,
                              const TrainOptions&) override {
    return not_yet();
  }
  Result<TrainResult> train_step(EmbeddingTables&, const TrainBatch&,
                                 const TrainOptions&) override {
    return not_yet();
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
