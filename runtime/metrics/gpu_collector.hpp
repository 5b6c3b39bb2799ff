#pragma once

// deepseek_gpu_utilization_ratio{device="cuda:N"}: the share of the last
// sample period each GPU was busy, as NVML reports it. NVML is loaded with
// dlopen (libnvidia-ml.so.1 comes with the driver, not the toolkit), so the
// binary runs where it is absent; there the collector exports nothing.

#include <memory>
#include <vector>

#include <prometheus/collectable.h>

namespace ds::runtime {

class GpuCollector : public prometheus::Collectable {
 public:
  /// A collector, or null where NVML cannot be loaded or initialised (no
  /// driver): the metric is then not exported at all.
  static std::shared_ptr<GpuCollector> open();
  ~GpuCollector() override;

  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  struct Nvml;
  explicit GpuCollector(std::unique_ptr<Nvml> nvml);
  std::unique_ptr<Nvml> nvml_;
};

}  // namespace ds::runtime
