#pragma once

// A compute unit: one device (a GPU, or the CPU) and the bases of vectors
// resident on it, searched exactly by its kernels backend (kernels/). One
// unit per GPU plus a CPU unit per node; a vector space declared with
// `"device": "gpu"` keeps its shards' bases here (docs/compute.md).
//
// kNN requests are batched as the vector shards batch their searches
// (actors/batching): queued, then answered by a flush the unit sends itself,
// so requests for one base and k that arrived meanwhile share one kernel
// call, high priority first.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <caf/actor_system.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/batching/batch_policy.hpp"
#include "kernels/backend.hpp"
#include "protocol/interfaces/compute_unit.hpp"
#include "protocol/wire/envelope.hpp"
#include "protocol/wire/read.hpp"

namespace ds::actors {

/// What a unit reports after each kernel call (the metrics).
struct ComputeReport {
  std::size_t batch_queries = 0;
  kernels::PoolStats pool;
};

struct ComputeUnitOptions {
  /// The device's backend. Shared only to pass through spawn: the unit is
  /// its one user.
  std::shared_ptr<kernels::Backend> backend;
  BatchPolicy batching;
  wire::ReadLimits limits;
  /// Called after each kernel call, on the unit's thread.
  std::function<void(const ComputeReport&)> on_call;
  bool detached = true;  ///< its own thread: kernel calls block
};

protocol::compute_unit_actor spawn_compute_unit(caf::actor_system& system,
                                                ComputeUnitOptions options);

/// The label a unit's device goes by in metrics and logs: "cuda:0", "cpu".
std::string device_label(const kernels::DeviceInfo& device);

}  // namespace ds::actors
