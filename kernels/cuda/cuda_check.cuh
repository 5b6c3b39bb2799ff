#pragma once

// The one adapter from CUDA's and cuBLAS's status codes to ds::Error.

#include <string>

#include <cublas_v2.h>
#include <cuda_runtime.h>

#include "common/result.hpp"

namespace ds::kernels::cuda {

inline Result<void> check(cudaError_t status, const char* what) {
  if (status == cudaSuccess) return {};
  auto code = status == cudaErrorMemoryAllocation ? errc::overloaded : errc::unavailable;
  return make_error(code, std::string(what) + ": " + cudaGetErrorName(status) + " (" +
                              cudaGetErrorString(status) + ")");
}

inline Result<void> check(cublasStatus_t status, const char* what) {
  if (status == CUBLAS_STATUS_SUCCESS) return {};
  return make_error(status == CUBLAS_STATUS_ALLOC_FAILED ? errc::overloaded : errc::unavailable,
                    std::string(what) + ": " + cublasGetStatusName(status) + " (" +
                        cublasGetStatusString(status) + ")");
}

}  // namespace ds::kernels::cuda

/// Returns the error of a failed CUDA or cuBLAS call from the enclosing
/// function (which returns a Result).
#define DS_CUDA_TRY(call)                                                         \
  do {                                                                            \
    if (auto ds_status_ = ::ds::kernels::cuda::check((call), #call); !ds_status_) \
      return std::move(ds_status_).error();                                       \
  } while (0)
