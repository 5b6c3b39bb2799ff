#include "actors/routing/shard_map.hpp"

#include "storage/graph/slot_ranges.hpp"

namespace ds::actors {

ShardMap::ShardMap(uint32_t shards) : shards_(shards), actors_(shards), vector_actors_(shards) {}

std::vector<uint32_t> ShardMap::all() const {
  std::vector<uint32_t> all(shards_);
  for (uint32_t i = 0; i < shards_; ++i)
    all[i] = i;
  return all;
}

uint32_t ShardMap::shard_of_key(std::string_view key) const {
  return storage::shard_of_slot(storage::slot_of_key(key), shards_);
}

uint32_t ShardMap::shard_of_id(storage::EntityId id) const {
  return storage::shard_of_slot(storage::slot_of_id(id), shards_);
}

protocol::graph_shard_actor ShardMap::actor(uint32_t shard) const {
  std::lock_guard lock(mutex_);
  return actors_.at(shard);
}

void ShardMap::publish(uint32_t shard, protocol::graph_shard_actor actor) {
  std::lock_guard lock(mutex_);
  actors_.at(shard) = std::move(actor);
}

protocol::vector_shard_actor ShardMap::vector_actor(uint32_t shard) const {
  std::lock_guard lock(mutex_);
  return vector_actors_.at(shard);
}

void ShardMap::publish(uint32_t shard, protocol::vector_shard_actor actor) {
  std::lock_guard lock(mutex_);
  vector_actors_.at(shard) = std::move(actor);
}

void ShardMap::clear() {
  std::lock_guard lock(mutex_);
  for (auto& actor : actors_)
    actor = protocol::graph_shard_actor{};
  for (auto& actor : vector_actors_)
    actor = protocol::vector_shard_actor{};
}

}  // namespace ds::actors
