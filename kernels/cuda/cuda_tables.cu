#include "kernels/cuda/cuda_tables.cuh"

#include "kernels/cuda/cuda_check.cuh"

namespace ds::kernels::cuda {

Result<std::unique_ptr<CudaTables>> CudaTables::upload(std::shared_ptr<CudaDevice> device,
                                                       const EmbeddingSpec& spec,
                                                       std::span<const float> entities,
                                                       std::span<const float> relations) {
  std::unique_ptr<CudaTables> tables(new CudaTables());
  tables->device_ = std::move(device);
  tables->spec_ = spec;
  const auto& pool = tables->device_->pool();
  auto e = copy_to_device(pool, entities.data(), entities.size());
  if (!e) return std::move(e).error();
  tables->entities_ = std::move(*e);
  auto r = copy_to_device(pool, relations.data(), relations.size());
  if (!r) return std::move(r).error();
  tables->relations_ = std::move(*r);
  auto es = zeroed<float>(pool, spec.entities);
  if (!es) return std::move(es).error();
  tables->entity_state_ = std::move(*es);
  auto rs = zeroed<float>(pool, spec.relations);
  if (!rs) return std::move(rs).error();
  tables->relation_state_ = std::move(*rs);
  // The host spans may go once this returns.
  DS_CUDA_TRY(cudaStreamSynchronize(pool.stream()));
  return Result<std::unique_ptr<CudaTables>>(std::move(tables));
}

}  // namespace ds::kernels::cuda
