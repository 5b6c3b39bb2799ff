#include "runtime/metrics/gpu_collector.hpp"

#include <string>

#include <dlfcn.h>
#include <prometheus/client_metric.h>
#include <prometheus/metric_family.h>
#include <prometheus/metric_type.h>

namespace ds::runtime {
namespace {

// The few NVML entry points used, declared as NVML's nvml.h does (its ABI
// is stable; the _v2 names are the current ones).
using nvmlReturn_t = int;
using nvmlDevice_t = struct nvmlDevice_st*;
struct nvmlUtilization_t {
  unsigned int gpu;     // percent of time a kernel ran, over the sample period
  unsigned int memory;  // percent of time memory was read or written
};
constexpr nvmlReturn_t kNvmlSuccess = 0;

}  // namespace

struct GpuCollector::Nvml {
  void* library = nullptr;
  nvmlReturn_t (*init)() = nullptr;
  nvmlReturn_t (*shutdown)() = nullptr;
  nvmlReturn_t (*device_count)(unsigned int*) = nullptr;
  nvmlReturn_t (*device_by_index)(unsigned int, nvmlDevice_t*) = nullptr;
  nvmlReturn_t (*utilization)(nvmlDevice_t, nvmlUtilization_t*) = nullptr;

  ~Nvml() {
    if (shutdown) shutdown();
    if (library) dlclose(library);
  }

  template <class F>
  bool load(F& into, const char* name) {
    into = reinterpret_cast<F>(dlsym(library, name));
    return into != nullptr;
  }
};

std::shared_ptr<GpuCollector> GpuCollector::open() {
  auto nvml = std::make_unique<Nvml>();
  nvml->library = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
  if (nvml->library == nullptr) return nullptr;
  bool loaded = nvml->load(nvml->init, "nvmlInit_v2") &&
                nvml->load(nvml->device_count, "nvmlDeviceGetCount_v2") &&
                nvml->load(nvml->device_by_index, "nvmlDeviceGetHandleByIndex_v2") &&
                nvml->load(nvml->utilization, "nvmlDeviceGetUtilizationRates");
  if (!loaded || nvml->init() != kNvmlSuccess) return nullptr;
  nvml->load(nvml->shutdown, "nvmlShutdown");
  return std::shared_ptr<GpuCollector>(new GpuCollector(std::move(nvml)));
}

GpuCollector::GpuCollector(std::unique_ptr<Nvml> nvml) : nvml_(std::move(nvml)) {}
GpuCollector::~GpuCollector() = default;

std::vector<prometheus::MetricFamily> GpuCollector::Collect() const {
  prometheus::MetricFamily family;
  family.name = "deepseek_gpu_utilization_ratio";
  family.help = "Share of the last sample period each GPU ran a kernel (NVML)";
  family.type = prometheus::MetricType::Gauge;
  unsigned int count = 0;
  if (nvml_->device_count(&count) != kNvmlSuccess) return {};
  for (unsigned int i = 0; i < count; ++i) {
    nvmlDevice_t device = nullptr;
    nvmlUtilization_t rates{};
    if (nvml_->device_by_index(i, &device) != kNvmlSuccess ||
        nvml_->utilization(device, &rates) != kNvmlSuccess)
      continue;
    prometheus::ClientMetric metric;
    metric.label.push_back({"device", "cuda:" + std::to_string(i)});
    metric.gauge.value = rates.gpu / 100.0;
    family.metric.push_back(std::move(metric));
  }
  return {std::move(family)};
}

}  // namespace ds::runtime
