#include "kernels/cuda/cuda_base.cuh"

#include <cstring>

#include "kernels/cuda/cuda_check.cuh"
#include "kernels/vectors.hpp"

namespace ds::kernels::cuda {

std::vector<uint8_t> stored_bytes(Precision precision, const std::vector<float>& values) {
  std::vector<uint8_t> out(values.size() * bytes_per_value(precision));
  if (bytes_per_value(precision) == 2)
    store_16bit(precision, values, reinterpret_cast<uint16_t*>(out.data()));
  else
    std::memcpy(out.data(), values.data(), out.size());
  return out;
}

Result<std::unique_ptr<CudaBase>> CudaBase::upload(std::shared_ptr<CudaDevice> device,
                                                   const BaseSpec& spec,
                                                   std::span<const float> rows,
                                                   std::span<const int64_t> ids) {
  std::unique_ptr<CudaBase> base(new CudaBase());
  base->device_ = std::move(device);
  base->spec_ = spec;
  base->size_ = ids.size();
  std::vector<float> values(rows.begin(), rows.end());
  std::vector<float> norms;
  for (std::size_t r = 0; r < ids.size(); ++r) {
    auto row = std::span(values).subspan(r * spec.dim, spec.dim);
    prepare_vector(spec, row);
    if (spec.metric == Metric::l2) norms.push_back(squared_norm(row));
  }
  auto bytes = stored_bytes(spec.precision, values);
  const auto& dev = *base->device_;
  auto stored = copy_to_device(dev.pool(), bytes.data(), bytes.size());
  if (!stored) return std::move(stored).error();
  base->rows_ = std::move(*stored);
  auto norms_on_device = copy_to_device(dev.pool(), norms.data(), norms.size());
  if (!norms_on_device) return std::move(norms_on_device).error();
  base->norms_ = std::move(*norms_on_device);
  auto ids_on_device = copy_to_device(dev.pool(), ids.data(), ids.size());
  if (!ids_on_device) return std::move(ids_on_device).error();
  base->ids_ = std::move(*ids_on_device);
  // The host buffers go out of scope here: the copies must be done.
  DS_CUDA_TRY(cudaStreamSynchronize(dev.stream()));
  base->id_rows_ = IdRows(ids);
  return Result<std::unique_ptr<CudaBase>>(std::move(base));
}

}  // namespace ds::kernels::cuda
