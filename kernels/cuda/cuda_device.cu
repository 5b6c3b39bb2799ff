#include "kernels/cuda/cuda_device.cuh"

#include "kernels/cuda/cuda_check.cuh"

namespace ds::kernels::cuda {

Result<std::shared_ptr<CudaDevice>> CudaDevice::open(int ordinal) {
  std::shared_ptr<CudaDevice> device(new CudaDevice());
  cudaDeviceProp properties{};
  DS_CUDA_TRY(cudaGetDeviceProperties(&properties, ordinal));
  device->info_.kind = DeviceInfo::Kind::cuda;
  device->info_.index = ordinal;
  device->info_.name = properties.name;
  device->info_.compute_major = properties.major;
  device->info_.compute_minor = properties.minor;
  device->info_.memory_bytes = properties.totalGlobalMem;
  DS_CUDA_TRY(cudaSetDevice(ordinal));
  DS_CUDA_TRY(cudaStreamCreateWithFlags(&device->stream_, cudaStreamNonBlocking));
  DS_CUDA_TRY(cublasCreate(&device->blas_));
  DS_CUDA_TRY(cublasSetStream(device->blas_, device->stream_));
  auto pool = DevicePool::open(ordinal, device->stream_);
  if (!pool) return std::move(pool).error();
  device->pool_ = *pool;
  return Result<std::shared_ptr<CudaDevice>>(std::move(device));
}

CudaDevice::~CudaDevice() {
  cudaSetDevice(info_.index);
  if (stream_ != nullptr) cudaStreamSynchronize(stream_);
  if (blas_ != nullptr) cublasDestroy(blas_);
  if (stream_ != nullptr) cudaStreamDestroy(stream_);
}

Result<void> CudaDevice::use() const {
  DS_CUDA_TRY(cudaSetDevice(info_.index));
  return {};
}

}  // namespace ds::kernels::cuda
