#pragma once

// The CUDA backend: bases in device memory from a stream-ordered pool,
// cuBLAS products and a radix top-k selection. Compiled when meson finds
// the toolkit (DS_KERNELS_CUDA); this header has no CUDA types, so the
// rest of the engine includes it freely.

#include <memory>
#include <string>

#include "common/result.hpp"
#include "kernels/backend.hpp"

namespace ds::kernels::cuda {

/// The devices the driver reports; an error says why there are none usable
/// (no driver, a driver older than the runtime, ...).
Result<int> device_count();

/// A backend on device `ordinal`: its own stream, cuBLAS handle and pool.
Result<std::unique_ptr<Backend>> make_cuda_backend(int ordinal);

}  // namespace ds::kernels::cuda
