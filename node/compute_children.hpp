#pragma once

// The compute units of a node as supervised children: one per GPU the
// driver offers, then the CPU unit (compute_unit/cuda:<n>, compute_unit/cpu).
// The devices are probed once, at start, with one log line saying what was
// found or why there is no GPU; each (re)start of a unit publishes its
// handle in `units`. docs/compute.md.

#include <memory>
#include <vector>

#include "actors/compute_unit/compute_units.hpp"
#include "node/config/node_config.hpp"
#include "runtime/metrics/metrics.hpp"
#include "runtime/supervision/supervisor.hpp"

namespace ds::node {

/// The devices' backends, probed (and logged) once per node.
struct ComputeDevices {
  std::vector<std::shared_ptr<kernels::Backend>> gpus;
  std::shared_ptr<kernels::Backend> cpu;
};

ComputeDevices probe_compute_devices();

/// The units' children, and the registry the vector shards find them in.
std::vector<runtime::ChildSpec> compute_children(const NodeConfig& config,
                                                 const ComputeDevices& devices,
                                                 std::shared_ptr<actors::ComputeUnits> units,
                                                 runtime::Metrics& metrics);

}  // namespace ds::node
