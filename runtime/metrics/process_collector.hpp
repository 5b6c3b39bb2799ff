#pragma once

// The standard process_* metrics (CPU time, memory, file descriptors, start
// time, threads) read from /proc/self at scrape time; prometheus-cpp does not
// ship such a collector.

#include <vector>

#include <prometheus/collectable.h>

namespace ds::runtime {

class ProcessCollector : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override;
};

}  // namespace ds::runtime
