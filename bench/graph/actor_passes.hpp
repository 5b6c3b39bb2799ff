#pragma once
// bench/graph's measured paths: the expansions through the node's actors,
// in this process or through the SDK to a server process.

#include <string>
#include <vector>

#include "bench/graph/cases.hpp"
#include "bench/support/in_process_graph.hpp"
#include "sdk/client.hpp"

namespace ds::graph_bench {

/// The queries through the SDK client to the server process, `in_flight`
/// threads asking at once.
Pass sdk_pass(sdk::Client& client, const std::vector<std::string>& keys, const Case& c,
              unsigned in_flight);

/// The queries through the gateway of `graph`, in this process; each thread
/// asks from its own scoped actor.
Pass in_process_pass(bench::InProcessGraph& graph, const std::vector<std::string>& keys,
                     const Case& c, unsigned in_flight);

/// Pings through the SDK client, `in_flight` at a time, `count` of them: the
/// client <-> gateway round trip every expansion pays once.
Pass ping_pass(sdk::Client& client, std::size_t count, unsigned in_flight);

}  // namespace ds::graph_bench
