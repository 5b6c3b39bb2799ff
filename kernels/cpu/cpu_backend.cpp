#include "kernels/cpu/cpu_backend.hpp"

#include <chrono>
#include <cstring>

#include <omp.h>

#include "kernels/cpu/cpu_base.hpp"
#include "kernels/cpu/cpu_embeddings.hpp"
#include "kernels/cpu/exact_knn.hpp"
#include "kernels/cpu/train_step.hpp"

namespace ds::kernels::cpu {
namespace {

class CpuBackend final : public Backend {
 public:
  CpuBackend() {
    device_.kind = DeviceInfo::Kind::cpu;
    device_.name = "cpu (" + std::to_string(omp_get_max_threads()) + " threads)";
  }

  const DeviceInfo& device() const override { return device_; }

  Result<std::unique_ptr<VectorBase>> upload(const BaseSpec& spec, std::span<const float> rows,
                                             std::span<const int64_t> ids) override {
    if (auto ok = check_upload(spec, rows, ids); !ok) return std::move(ok).error();
    BaseSpec resolved = spec;
    resolved.precision = resolve(spec.precision, 0);
    return std::unique_ptr<VectorBase>(std::make_unique<CpuBase>(resolved, rows, ids, memory_));
  }

  Result<void> update(VectorBase& base, std::span<const int64_t> removed,
                      std::span<const float> rows, std::span<const int64_t> ids) override {
    auto* mine = dynamic_cast<CpuBase*>(&base);
    if (mine == nullptr)
      return make_error(errc::invalid_argument, "base: made by another backend than the CPU's");
    if (auto ok = check_update(base, rows, ids); !ok) return std::move(ok).error();
    mine->update(removed, rows, ids);
    return {};
  }

  Result<KnnResult> knn(const VectorBase& base, std::span<const float> queries, std::size_t k,
                        const std::vector<int64_t>* allowed) override {
    auto nq = check_knn(base, queries, k);
    if (!nq) return std::move(nq).error();
    const auto* mine = dynamic_cast<const CpuBase*>(&base);
    if (mine == nullptr)
      return make_error(errc::invalid_argument, "base: made by another backend than the CPU's");
    return exact_knn(*mine, queries, *nq, k,
                     allowed ? mine->mask(*allowed) : std::vector<uint8_t>{});
  }

  Result<std::unique_ptr<EmbeddingTables>> upload_tables(
      const EmbeddingSpec& spec, std::span<const float> entities,
      std::span<const float> relations) override {
    auto resolved = spec;
    resolved.precision = resolve(spec.precision, 0);
    return cpu::upload_tables(resolved, entities, relations);
  }

  Result<void> download_tables(const EmbeddingTables& tables, std::vector<float>& entities,
                               std::vector<float>& relations) override {
    auto mine = cpu_tables(tables);
    if (!mine) return std::move(mine).error();
    entities = (*mine)->entities();
    relations = (*mine)->relations();
    return {};
  }

  Result<std::vector<float>> score(const EmbeddingTables& tables,
                                   std::span<const Triple> triples) override {
    auto mine = cpu_tables(tables);
    if (!mine) return std::move(mine).error();
    if (auto ok = check_triples(tables.spec(), triples); !ok) return std::move(ok).error();
    return cpu::score(**mine, triples);
  }

  Result<KnnResult> predict_tails(const EmbeddingTables& tables, std::span<const Triple> queries,
                                  std::size_t k, const std::vector<uint32_t>* candidates) override {
    auto mine = cpu_tables(tables);
    if (!mine) return std::move(mine).error();
    if (auto ok = check_prediction(tables.spec(), queries, k, candidates); !ok)
      return std::move(ok).error();
    return cpu::predict_tails(**mine, queries, k, candidates);
  }

  Result<Gradients> gradients(const EmbeddingTables& tables, const TrainBatch& batch,
                              const TrainOptions& options) override {
    auto mine = cpu_tables(tables);
    if (!mine) return std::move(mine).error();
    if (auto ok = check_batch(tables.spec(), batch); !ok) return std::move(ok).error();
    uint64_t peak = 0;
    return step_gradients(**mine, batch, options, peak);
  }

  Result<TrainResult> train_step(EmbeddingTables& tables, const TrainBatch& batch,
                                 const TrainOptions& options) override {
    auto mine = cpu_tables_to_train(tables);
    if (!mine) return std::move(mine).error();
    if (auto ok = check_batch(tables.spec(), batch); !ok) return std::move(ok).error();
    return cpu::train_step(**mine, batch, options);
  }

  Result<double> copy_bytes_per_second(std::size_t bytes) override {
    std::vector<char> from(bytes, 1), to(bytes, 0);
    std::memcpy(to.data(), from.data(), bytes);  // both touched before the clock
    auto start = std::chrono::steady_clock::now();
    std::memcpy(to.data(), from.data(), bytes);
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    return 2.0 * static_cast<double>(bytes) / took.count();
  }

  PoolStats pool_stats() const override {
    PoolStats stats;
    stats.in_use_bytes = stats.reserved_bytes = memory_->in_use.load();
    stats.peak_in_use_bytes = memory_->peak.load();
    return stats;
  }

 private:
  DeviceInfo device_;
  std::shared_ptr<MemoryCount> memory_ = std::make_shared<MemoryCount>();
};

}  // namespace

std::unique_ptr<Backend> make_cpu_backend() { return std::make_unique<CpuBackend>(); }

}  // namespace ds::kernels::cpu
