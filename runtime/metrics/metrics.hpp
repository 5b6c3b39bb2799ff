#pragma once

// The node's Prometheus metrics (prometheus-cpp). Names follow Prometheus
// practice: deepseek_ prefix, base units, _total counters, histograms for
// latency. Every method is thread-safe.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/build_info.hpp"
#include "runtime/http/http_types.hpp"

namespace prometheus {
class Registry;
class Collectable;
}  // namespace prometheus

namespace ds::runtime {

class Metrics {
 public:
  Metrics(const BuildInfo& build, std::string_view node, std::string_view role);
  ~Metrics();

  /// What /metrics serves: our registry and the process collector. Shared
  /// because prometheus::Exposer holds collectables by weak_ptr.
  std::shared_ptr<prometheus::Collectable> registry() const;
  std::shared_ptr<prometheus::Collectable> process() const;
  /// deepseek_gpu_utilization_ratio (gpu_collector.hpp); null without NVML.
  std::shared_ptr<prometheus::Collectable> gpu() const;

  /// deepseek_http_requests_total and deepseek_http_request_duration_seconds.
  void observe_http(const RequestRecord& record);

  /// deepseek_actor_restarts_total{actor}: `track_actor` exports the series
  /// at 0 before the first restart, so rate() and alerts see it from the start.
  void track_actor(std::string_view actor);
  void count_restart(std::string_view actor);

  /// deepseek_infer_request_duration_seconds{mode}: a query from admission
  /// to its answer, by the mode it ran in (cypher, text; failed when the
  /// engine never answered).
  void observe_infer(std::string_view mode, double seconds);
  /// deepseek_infer_queue_depth{priority}: queries admitted, not yet answered.
  void set_queue_depth(std::string_view priority, int64_t depth);
  /// deepseek_infer_rejected_total{priority}: queries refused with 429.
  void count_rejection(std::string_view priority);
  /// deepseek_vector_batch_size: the queries of each FAISS search call.
  void observe_batch(std::size_t queries);

  /// After a compute unit's kernel call on `device` ("cuda:0", "cpu"):
  /// deepseek_compute_batch_size{device} and deepseek_compute_calls_total
  /// {device}; deepseek_device_memory_bytes{device,state="reserved"|"in_use"}
  /// and deepseek_memory_fragmentation_ratio{device} from its pool.
  void observe_compute(std::string_view device, std::size_t queries, uint64_t reserved_bytes,
                       uint64_t in_use_bytes, double fragmentation);
  /// Exports `device`'s compute series at 0 before its first call.
  void track_device(std::string_view device);

 private:
  struct Families;
  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<prometheus::Collectable> process_;
  std::shared_ptr<prometheus::Collectable> gpu_;
  std::unique_ptr<Families> families_;
};

}  // namespace ds::runtime
