#pragma once

// GET /metrics: the Prometheus text format of the node's metrics, served on
// metrics.port by the same HTTP server code as the API (runtime/http). Not
// prometheus-cpp's civetweb exposer: its threads have 100 KiB stacks, which
// the static TLS of the libraries the node links (OpenBLAS, cuBLAS) outgrows.

#include "runtime/http/router.hpp"
#include "runtime/metrics/metrics.hpp"

namespace ds::runtime {

/// `metrics` must outlive the router.
void add_metrics_route(Router& router, const Metrics& metrics);

}  // namespace ds::runtime
