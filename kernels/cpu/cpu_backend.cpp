#include "kernels/cpu/cpu_backend.hpp"

#include <omp.h>

#include <chrono>
#include <cstring>

#include "kernels/cpu/cpu_base.hpp"
#include "kernels/cpu/exact_knn.hpp"

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

  Result<KnnResult> knn(const VectorBase& base, std::span<const float> queries, std::size_t k,
                        const std::vector<int64_t>* allowed) override {
    auto nq = check_knn(base, queries, k);
    if (!nq) return std::move(nq).error();
    const auto* mine = dynamic_cast<const CpuBase*>(&base);
    if (mine == nullptr)
      return make_error(errc::invalid_argument, "base: made by another backend than the CPU's");
    return exact_knn(*mine, queries, *nq, k, allowed ? mine->mask(*allowed) : std::vector<uint8_t>{});
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
