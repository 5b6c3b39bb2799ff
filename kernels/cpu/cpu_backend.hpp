#pragma once

// The CPU backend: host memory, OpenMP and BLAS. Always built; the oracle
// the CUDA backend is tested against.

#include <memory>

#include "kernels/backend.hpp"

namespace ds::kernels::cpu {

std::unique_ptr<Backend> make_cpu_backend();

}  // namespace ds::kernels::cpu
