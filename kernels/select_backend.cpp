#include "kernels/select_backend.hpp"

#include "kernels/cpu/cpu_backend.hpp"
#ifdef DS_KERNELS_CUDA
#include "kernels/cuda/cuda_backend.hpp"
#endif

namespace ds::kernels {
namespace {

std::string describe(const DeviceInfo& device) {
  return "CUDA device " + std::to_string(device.index) + ": " + device.name + " (compute " +
         std::to_string(device.compute_major) + "." + std::to_string(device.compute_minor) + ", " +
         std::to_string(device.memory_bytes >> 20) + " MiB)";
}

}  // namespace

bool cuda_built() {
#ifdef DS_KERNELS_CUDA
  return true;
#else
  return false;
#endif
}

Selected select_backend(bool prefer_gpu, int ordinal) {
  if (!prefer_gpu) return {cpu::make_cpu_backend(), "the CPU backend, as configured"};
#ifdef DS_KERNELS_CUDA
  auto count = cuda::device_count();
  if (!count)
    return {cpu::make_cpu_backend(),
            "no CUDA device (" + count.error().message + "): using the CPU"};
  if (ordinal >= *count)
    return {cpu::make_cpu_backend(), "no CUDA device " + std::to_string(ordinal) +
                                         " (the driver reports " + std::to_string(*count) +
                                         "): using the CPU"};
  auto gpu = cuda::make_cuda_backend(ordinal);
  if (!gpu)
    return {cpu::make_cpu_backend(), "CUDA device " + std::to_string(ordinal) +
                                         " failed to start (" + gpu.error().message +
                                         "): using the CPU"};
  auto note = describe((*gpu)->device());
  return {std::move(*gpu), note};
#else
  (void)ordinal;
  return {cpu::make_cpu_backend(), "built without CUDA: using the CPU"};
#endif
}

std::vector<std::unique_ptr<Backend>> all_backends(std::string& note) {
  std::vector<std::unique_ptr<Backend>> out;
#ifdef DS_KERNELS_CUDA
  auto count = cuda::device_count();
  if (!count) note = "no CUDA device (" + count.error().message + ")";
  for (int i = 0; count && i < *count; ++i) {
    auto gpu = cuda::make_cuda_backend(i);
    if (gpu)
      out.push_back(std::move(*gpu));
    else
      note +=
          "CUDA device " + std::to_string(i) + " failed to start (" + gpu.error().message + "); ";
  }
#else
  note = "built without CUDA";
#endif
  out.push_back(cpu::make_cpu_backend());
  return out;
}

}  // namespace ds::kernels
