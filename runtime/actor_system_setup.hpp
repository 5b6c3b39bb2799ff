#pragma once

// One place that configures a CAF actor system the way every DeepSeek
// process needs it: our message types and error category registered,
// CAF's own logger quiet (we log through spdlog), and the network layer with
// heartbeats on (CAF 0.17 defaults them to off, so a silent peer would never
// be detected).

#include <chrono>

#include <caf/actor_system_config.hpp>

namespace ds::runtime {

struct ActorSystemOptions {
  unsigned threads = 0;        ///< scheduler workers; 0 = one per core
  /// "sharing", "stealing" or "auto". CAF's work-stealing workers poll when
  /// idle (spin, then sleep 50 us at a time), so on a few cores a message to
  /// an idle worker waits for its next poll while the pollers take CPU from
  /// the detached shards; the sharing queue wakes a sleeping worker at once.
  /// auto: sharing up to 4 cores (bench/graph: 2-hop expansions 1.4x faster
  /// on 2 cores), stealing above, where one shared queue would contend.
  std::string scheduler = "auto";
  bool network = true;         ///< load the middleman (publish / remote_actor)
  bool deterministic = false;  ///< CAF's test scheduler (unit tests drive it by hand)
  std::chrono::milliseconds heartbeat_interval{5'000};
  std::chrono::milliseconds connection_timeout{20'000};
};

void configure_actor_system(caf::actor_system_config& cfg, const ActorSystemOptions& options);

}  // namespace ds::runtime
