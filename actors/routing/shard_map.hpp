#pragma once

// The shard map as one process sees it: which shard owns a key or an id, and
// the actors serving each shard now (its graph shard and its vector shard). A restarted shard actor
// has a new handle: the function that (re)starts it publishes the handle here, and callers read the
// handle for every request, so the request after a restart reaches the new actor. In a cluster the
// coordinator feeds the same map.

#include <cstdint>
#include <mutex>
#include <string_view>
#include <vector>

#include "protocol/interfaces/graph_shard.hpp"
#include "protocol/interfaces/vector_shard.hpp"
#include "storage/graph/graph_keys.hpp"

namespace ds::actors {

class ShardMap {
 public:
  explicit ShardMap(uint32_t shards);

  uint32_t size() const { return shards_; }
  /// Every shard's index, 0..size()-1: for requests that go to all of them.
  std::vector<uint32_t> all() const;
  uint32_t shard_of_key(std::string_view key) const;
  uint32_t shard_of_id(storage::EntityId id) const;

  /// The graph shard actor serving `shard` now; an invalid handle before the
  /// first publish.
  protocol::graph_shard_actor actor(uint32_t shard) const;
  void publish(uint32_t shard, protocol::graph_shard_actor actor);
  /// The vector shard actor of `shard` now; invalid before the first publish.
  protocol::vector_shard_actor vector_actor(uint32_t shard) const;
  void publish(uint32_t shard, protocol::vector_shard_actor actor);
  /// Drops every handle. A stopped detached actor's thread ends only when
  /// its last handle is gone, and the actor system waits for those threads.
  void clear();

 private:
  uint32_t shards_;
  mutable std::mutex mutex_;
  std::vector<protocol::graph_shard_actor> actors_;
  std::vector<protocol::vector_shard_actor> vector_actors_;
};

}  // namespace ds::actors
