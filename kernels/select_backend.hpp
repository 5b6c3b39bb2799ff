#pragma once

// Device probe and selection: a CUDA device when the build has the CUDA
// backend and the driver offers one, else the CPU, with the reason.

#include <memory>
#include <string>
#include <vector>

#include "kernels/backend.hpp"

namespace ds::kernels {

/// Whether this build compiled kernels/cuda.
bool cuda_built();

struct Selected {
  std::unique_ptr<Backend> backend;
  /// One line for the log: what was picked, or why not a GPU ("no CUDA
  /// device: cudaErrorInsufficientDriver ...; using the CPU").
  std::string note;
};

/// The backend for CUDA device `ordinal`, or the CPU's when there is none
/// (or `prefer_gpu` is false).
Selected select_backend(bool prefer_gpu = true, int ordinal = 0);

/// Every usable backend: one per CUDA device, then the CPU's; `note` as
/// select_backend's for the devices' absence.
std::vector<std::unique_ptr<Backend>> all_backends(std::string& note);

}  // namespace ds::kernels
