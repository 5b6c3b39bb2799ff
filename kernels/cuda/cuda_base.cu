#include "kernels/cuda/cuda_base.cuh"

#include <algorithm>
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
  base->capacity_ = base->size_;
  return Result<std::unique_ptr<CudaBase>>(std::move(base));
}

Result<void> CudaBase::update(std::span<const int64_t> removed, std::span<const float> rows,
                              std::span<const int64_t> ids) {
  if (auto ok = device_->use(); !ok) return std::move(ok).error();
  const auto& dev = *device_;
  const auto stream = dev.stream();
  const std::size_t row_bytes = spec_.dim * bytes_per_value(spec_.precision);
  const bool l2 = spec_.metric == Metric::l2;
  if (const std::size_t needed = size_ + ids.size(); needed > capacity_) {
    const std::size_t capacity = std::max(needed, capacity_ + capacity_ / 2);
    auto grown_rows = DeviceArray<uint8_t>::make(dev.pool(), capacity * row_bytes);
    if (!grown_rows) return std::move(grown_rows).error();
    auto grown_norms = DeviceArray<float>::make(dev.pool(), l2 ? capacity : 0);
    if (!grown_norms) return std::move(grown_norms).error();
    auto grown_ids = DeviceArray<int64_t>::make(dev.pool(), capacity);
    if (!grown_ids) return std::move(grown_ids).error();
    if (size_ > 0) {
      DS_CUDA_TRY(cudaMemcpyAsync(grown_rows->data(), rows_.data(), size_ * row_bytes,
                                  cudaMemcpyDeviceToDevice, stream));
      if (l2)
        DS_CUDA_TRY(cudaMemcpyAsync(grown_norms->data(), norms_.data(), size_ * sizeof(float),
                                    cudaMemcpyDeviceToDevice, stream));
      DS_CUDA_TRY(cudaMemcpyAsync(grown_ids->data(), ids_.data(), size_ * sizeof(int64_t),
                                  cudaMemcpyDeviceToDevice, stream));
    }
    // The old arrays free into the pool in stream order, after the copies.
    rows_ = std::move(*grown_rows);
    norms_ = std::move(*grown_norms);
    ids_ = std::move(*grown_ids);
    capacity_ = capacity;
  }
  // The new rows as the base keeps them (as upload prepares them).
  std::vector<float> values(rows.begin(), rows.end());
  std::vector<float> norms(ids.size());
  for (std::size_t r = 0; r < ids.size(); ++r) {
    auto row = std::span(values).subspan(r * spec_.dim, spec_.dim);
    prepare_vector(spec_, row);
    norms[r] = squared_norm(row);
  }
  const auto bytes = stored_bytes(spec_.precision, values);
  const auto edit = id_rows_.edit(removed, ids);
  auto* base_rows = rows_.data();
  for (auto [from, to] : edit.moves) {
    DS_CUDA_TRY(cudaMemcpyAsync(base_rows + std::size_t{to} * row_bytes,
                                base_rows + std::size_t{from} * row_bytes, row_bytes,
                                cudaMemcpyDeviceToDevice, stream));
    if (l2)
      DS_CUDA_TRY(cudaMemcpyAsync(norms_.data() + to, norms_.data() + from, sizeof(float),
                                  cudaMemcpyDeviceToDevice, stream));
    DS_CUDA_TRY(cudaMemcpyAsync(ids_.data() + to, ids_.data() + from, sizeof(int64_t),
                                cudaMemcpyDeviceToDevice, stream));
  }
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::size_t row = edit.rows[i];
    DS_CUDA_TRY(cudaMemcpyAsync(base_rows + row * row_bytes, bytes.data() + i * row_bytes,
                                row_bytes, cudaMemcpyHostToDevice, stream));
    if (l2)
      DS_CUDA_TRY(cudaMemcpyAsync(norms_.data() + row, &norms[i], sizeof(float),
                                  cudaMemcpyHostToDevice, stream));
    DS_CUDA_TRY(cudaMemcpyAsync(ids_.data() + row, &ids[i], sizeof(int64_t), cudaMemcpyHostToDevice,
                                stream));
  }
  // The host buffers go out of scope here: the copies must be done.
  DS_CUDA_TRY(cudaStreamSynchronize(stream));
  size_ = edit.size;
  return {};
}

}  // namespace ds::kernels::cuda
