#include "node/shard_children.hpp"

#include <fstream>
#include <string>
#include <thread>

#include <caf/actor_cast.hpp>

#include "actors/graph_shard/graph_shard.hpp"
#include "actors/vector_shard/vector_shard.hpp"
#include "node/text_config.hpp"

namespace ds::node {
namespace {

std::filesystem::path shards_dir(const NodeConfig& config) { return config.data_dir / "shards"; }

/// The layout file: "shards <n>\n".
std::filesystem::path layout_file(const NodeConfig& config) {
  return shards_dir(config) / "LAYOUT";
}

actors::BatchPolicy batch_policy(const ServingOptions& serving,
                                 std::function<void(std::size_t)> on_batch) {
  return {serving.max_batch_size, serving.min_batch_size, serving.max_queue_delay,
          std::move(on_batch)};
}

uint32_t configured_shards(const NodeConfig& config) {
  if (config.graph.shards != 0) return config.graph.shards;
  return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

Result<uint32_t> prepare_graph_shards(const NodeConfig& config) {
  auto path = layout_file(config);
  std::ifstream in(path);
  if (in) {
    std::string word;
    uint32_t shards = 0;
    if (!(in >> word >> shards) || word != "shards" || shards == 0 || shards > 4096)
      return make_error(errc::config_error,
                        path.string() + ": expected \"shards <1..4096>\"; was the file edited?");
    if (config.graph.shards != 0 && config.graph.shards != shards)
      return make_error(errc::config_error, "shards: " + std::to_string(config.graph.shards) +
                                                ", but " + config.data_dir.string() + " holds " +
                                                std::to_string(shards) +
                                                " shards; set shards: " + std::to_string(shards) +
                                                " (or 0), or start with an empty data_dir");
    return shards;
  }
  auto shards = configured_shards(config);
  std::error_code ec;
  std::filesystem::create_directories(shards_dir(config), ec);
  std::ofstream out(path);
  if (ec || !(out << "shards " << shards << "\n") || !out.flush())
    return make_error(errc::io_error, path.string() + ": cannot write the shard layout");
  return shards;
}

std::vector<runtime::ChildSpec> shard_children(
    const NodeConfig& config, std::shared_ptr<actors::ShardMap> shards,
    std::function<void(std::size_t)> on_batch,
    std::shared_ptr<const actors::ComputeUnits> compute) {
  std::vector<runtime::ChildSpec> children;
  for (uint32_t i = 0; i < shards->size(); ++i) {
    storage::GraphStoreOptions store;
    store.sync = config.graph.sync;
    auto shared =
        std::make_shared<storage::SharedGraphStore>(shards_dir(config) / std::to_string(i), store);
    actors::GraphShardOptions graph;
    graph.index = i;
    graph.shard_count = shards->size();
    graph.store = shared;
    graph.shards = shards;
    graph.text = node_text_options(config.text);
    children.push_back({"graph_shard/" + std::to_string(i),
                        [graph, shards](caf::actor_system& system) -> Result<caf::actor> {
                          auto shard = actors::spawn_graph_shard(system, graph);
                          if (!shard) return shard.error();
                          shards->publish(graph.index, *shard);
                          return caf::actor_cast<caf::actor>(*shard);
                        }});
    children.push_back({"vector_shard/" + std::to_string(i),
                        [i, shared, shards, compute,
                         snapshots = shards_dir(config) / (std::to_string(i) + ".snapshots"),
                         batching = batch_policy(config.serving, on_batch)](
                            caf::actor_system& system) -> Result<caf::actor> {
                          auto store = shared->acquire();
                          if (!store) return store.error();
                          actors::VectorShardOptions vectors;
                          vectors.index = i;
                          vectors.compute = compute;
                          vectors.store = std::move(store).value();
                          vectors.snapshot_dir = snapshots;
                          vectors.batching = batching;
                          auto shard = actors::spawn_vector_shard(system, vectors);
                          if (!shard) return shard.error();
                          shards->publish(i, *shard);
                          return caf::actor_cast<caf::actor>(*shard);
                        }});
  }
  return children;
}

}  // namespace ds::node
