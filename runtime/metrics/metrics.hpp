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

 private:
  struct Families;
  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<prometheus::Collectable> process_;
  std::unique_ptr<Families> families_;
};

}  // namespace ds::runtime
