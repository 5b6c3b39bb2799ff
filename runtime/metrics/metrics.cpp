#include "runtime/metrics/metrics.hpp"

#include <string>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "runtime/metrics/gpu_collector.hpp"
#include "runtime/metrics/process_collector.hpp"

namespace ds::runtime {

struct Metrics::Families {
  prometheus::Family<prometheus::Counter>& http_requests;
  prometheus::Family<prometheus::Histogram>& http_duration;
  prometheus::Family<prometheus::Counter>& actor_restarts;
  prometheus::Family<prometheus::Histogram>& infer_duration;
  prometheus::Family<prometheus::Gauge>& queue_depth;
  prometheus::Family<prometheus::Counter>& rejections;
  prometheus::Histogram& batch_size;
  prometheus::Family<prometheus::Histogram>& compute_batch;
  prometheus::Family<prometheus::Counter>& compute_calls;
  prometheus::Family<prometheus::Gauge>& device_memory;
  prometheus::Family<prometheus::Gauge>& fragmentation;
};

namespace {

// From 0.5 ms (a probe) to 10 s (a long query).
const prometheus::Histogram::BucketBoundaries kLatencyBuckets{
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

// Powers of two up to the largest max_batch_size worth having.
const prometheus::Histogram::BucketBoundaries kBatchBuckets{1,  2,   4,   8,   16,  32,
                                                            64, 128, 256, 512, 1024};

}  // namespace

Metrics::Metrics(const BuildInfo& build, std::string_view node, std::string_view role)
    : registry_(std::make_shared<prometheus::Registry>()),
      process_(std::make_shared<ProcessCollector>()),
      gpu_(GpuCollector::open()) {
  prometheus::BuildGauge()
      .Name("deepseek_build_info")
      .Help("Build of this node; the value is always 1")
      .Register(*registry_)
      .Add({{"version", std::string(build.version)},
            {"commit", std::string(build.commit)},
            {"build_type", std::string(build.build_type)},
            {"cuda", build.cuda ? "true" : "false"},
            {"node", std::string(node)},
            {"role", std::string(role)}})
      .Set(1);
  families_ = std::make_unique<Families>(Families{
      prometheus::BuildCounter()
          .Name("deepseek_http_requests_total")
          .Help("HTTP requests answered, by route pattern, method and status")
          .Register(*registry_),
      prometheus::BuildHistogram()
          .Name("deepseek_http_request_duration_seconds")
          .Help("Time from a request fully read to its response written")
          .Register(*registry_),
      prometheus::BuildCounter()
          .Name("deepseek_actor_restarts_total")
          .Help("Actors restarted by their supervisor after a failure")
          .Register(*registry_),
      prometheus::BuildHistogram()
          .Name("deepseek_infer_request_duration_seconds")
          .Help("Queries (POST /api/v1/infer) from admission to answer, by mode")
          .Register(*registry_),
      prometheus::BuildGauge()
          .Name("deepseek_infer_queue_depth")
          .Help("Queries admitted and not yet answered, by priority")
          .Register(*registry_),
      prometheus::BuildCounter()
          .Name("deepseek_infer_rejected_total")
          .Help("Queries refused with 429 because the queue was full for their priority")
          .Register(*registry_),
      prometheus::BuildHistogram()
          .Name("deepseek_vector_batch_size")
          .Help("Queries answered by each FAISS search call (dynamic batching)")
          .Register(*registry_)
          .Add({}, kBatchBuckets),
      prometheus::BuildHistogram()
          .Name("deepseek_compute_batch_size")
          .Help("Queries answered by each kernel call of a compute unit, by device")
          .Register(*registry_),
      prometheus::BuildCounter()
          .Name("deepseek_compute_calls_total")
          .Help("Kernel calls made by compute units, by device")
          .Register(*registry_),
      prometheus::BuildGauge()
          .Name("deepseek_device_memory_bytes")
          .Help("A compute unit's memory pool, by device: reserved from the device, or in use")
          .Register(*registry_),
      prometheus::BuildGauge()
          .Name("deepseek_memory_fragmentation_ratio")
          .Help("The share of a compute unit's reserved pool memory not in use, by device")
          .Register(*registry_),
  });
  for (const char* priority : {"low", "normal", "high"}) {
    families_->queue_depth.Add({{"priority", priority}});
    families_->rejections.Add({{"priority", priority}});
  }
}

Metrics::~Metrics() = default;

std::shared_ptr<prometheus::Collectable> Metrics::registry() const { return registry_; }
std::shared_ptr<prometheus::Collectable> Metrics::process() const { return process_; }
std::shared_ptr<prometheus::Collectable> Metrics::gpu() const { return gpu_; }

void Metrics::observe_http(const RequestRecord& record) {
  prometheus::Labels labels{{"route", std::string(record.route)},
                            {"method", std::string(record.method)},
                            {"status", std::to_string(record.status)}};
  families_->http_requests.Add(labels).Increment();
  families_->http_duration.Add(labels, kLatencyBuckets).Observe(record.seconds);
}

void Metrics::track_actor(std::string_view actor) {
  families_->actor_restarts.Add({{"actor", std::string(actor)}});
}

void Metrics::count_restart(std::string_view actor) {
  families_->actor_restarts.Add({{"actor", std::string(actor)}}).Increment();
}

void Metrics::observe_infer(std::string_view mode, double seconds) {
  families_->infer_duration.Add({{"mode", std::string(mode)}}, kLatencyBuckets).Observe(seconds);
}

void Metrics::set_queue_depth(std::string_view priority, int64_t depth) {
  families_->queue_depth.Add({{"priority", std::string(priority)}}).Set(static_cast<double>(depth));
}

void Metrics::count_rejection(std::string_view priority) {
  families_->rejections.Add({{"priority", std::string(priority)}}).Increment();
}

void Metrics::observe_batch(std::size_t queries) {
  families_->batch_size.Observe(static_cast<double>(queries));
}

void Metrics::track_device(std::string_view device) {
  prometheus::Labels labels{{"device", std::string(device)}};
  families_->compute_batch.Add(labels, kBatchBuckets);
  families_->compute_calls.Add(labels);
  families_->device_memory.Add({{"device", std::string(device)}, {"state", "reserved"}});
  families_->device_memory.Add({{"device", std::string(device)}, {"state", "in_use"}});
  families_->fragmentation.Add(labels);
}

void Metrics::observe_compute(std::string_view device, std::size_t queries, uint64_t reserved_bytes,
                              uint64_t in_use_bytes, double fragmentation) {
  prometheus::Labels labels{{"device", std::string(device)}};
  families_->compute_batch.Add(labels, kBatchBuckets).Observe(static_cast<double>(queries));
  families_->compute_calls.Add(labels).Increment();
  families_->device_memory.Add({{"device", std::string(device)}, {"state", "reserved"}})
      .Set(static_cast<double>(reserved_bytes));
  families_->device_memory.Add({{"device", std::string(device)}, {"state", "in_use"}})
      .Set(static_cast<double>(in_use_bytes));
  families_->fragmentation.Add(labels).Set(fragmentation);
}

}  // namespace ds::runtime
