#include "node/compute_children.hpp"

#include <caf/actor_cast.hpp>
#include <spdlog/spdlog.h>

#include "kernels/select_backend.hpp"

namespace ds::node {

ComputeDevices probe_compute_devices() {
  std::string note;
  auto backends = kernels::all_backends(note);
  ComputeDevices devices;
  for (auto& backend : backends) {
    if (backend->device().kind == kernels::DeviceInfo::Kind::cpu)
      devices.cpu = std::move(backend);
    else
      devices.gpus.push_back(std::move(backend));
  }
  for (const auto& gpu : devices.gpus)
    spdlog::info("compute: {} ({})", gpu->device().name, actors::device_label(gpu->device()));
  if (devices.gpus.empty())
    spdlog::info("compute: {}; the CPU unit answers \"device\": \"gpu\" spaces", note);
  return devices;
}

std::vector<runtime::ChildSpec> compute_children(const NodeConfig& config,
                                                 const ComputeDevices& devices,
                                                 std::shared_ptr<actors::ComputeUnits> units,
                                                 runtime::Metrics& metrics) {
  std::vector<std::shared_ptr<kernels::Backend>> all = devices.gpus;
  all.push_back(devices.cpu);
  std::vector<runtime::ChildSpec> children;
  for (std::size_t slot = 0; slot < all.size(); ++slot) {
    auto label = actors::device_label(all[slot]->device());
    metrics.track_device(label);
    actors::ComputeUnitOptions options;
    options.backend = all[slot];
    options.batching = {config.serving.max_batch_size,
                        config.serving.min_batch_size,
                        config.serving.max_queue_delay,
                        {}};
    options.on_call = [&metrics, label](const actors::ComputeReport& report) {
      metrics.observe_compute(label, report.batch_queries, report.pool.reserved_bytes,
                              report.pool.in_use_bytes, report.pool.fragmentation_ratio());
    };
    children.push_back({"compute_unit/" + label,
                        [options, units, slot](caf::actor_system& system) -> Result<caf::actor> {
                          auto unit = actors::spawn_compute_unit(system, options);
                          units->publish(slot, unit);
                          return caf::actor_cast<caf::actor>(unit);
                        }});
  }
  return children;
}

}  // namespace ds::node
