#include "bench/support/in_process_graph.hpp"

#include <atomic>
#include <chrono>

#include <caf/exit_reason.hpp>

#include "protocol/codec/import_request.hpp"
#include "runtime/actor_bridge.hpp"
#include "runtime/actor_system_setup.hpp"

namespace ds::bench {

Result<std::unique_ptr<InProcessGraph>> InProcessGraph::open(
    const std::filesystem::path& data_dir, uint32_t shards, const std::string& scheduler,
    std::shared_ptr<const storage::Tokenizer> tokenizer) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir / "shards", ec);
  if (ec) return make_error(errc::io_error, (data_dir / "shards").string() + ": " + ec.message());
  std::unique_ptr<InProcessGraph> graph(new InProcessGraph);
  runtime::ActorSystemOptions options;
  options.network = false;
  options.scheduler = scheduler;
  runtime::configure_actor_system(graph->config_, options);
  graph->system_ = std::make_unique<caf::actor_system>(graph->config_);
  graph->map_ = std::make_shared<actors::ShardMap>(shards);
  for (uint32_t i = 0; i < shards; ++i) {
    actors::GraphShardOptions shard;
    shard.index = i;
    shard.shard_count = shards;
    shard.store =
        std::make_shared<storage::SharedGraphStore>(data_dir / "shards" / std::to_string(i));
    graph->stores_.push_back(shard.store);
    auto spawned = actors::spawn_graph_shard(*graph->system_, shard);
    if (!spawned) return spawned.error();
    graph->map_->publish(i, *spawned);
  }
  actors::GatewayOptions gateway;
  gateway.shards = graph->map_;
  gateway.tokenizer = std::move(tokenizer);
  graph->gateway_ = actors::spawn_gateway(*graph->system_, gateway);
  return graph;
}

InProcessGraph::~InProcessGraph() {
  if (!system_) return;
  caf::scoped_actor self{*system_};
  self->send_exit(gateway_, caf::exit_reason::user_shutdown);
  for (uint32_t i = 0; i < map_->size(); ++i)
    self->send_exit(map_->actor(i), caf::exit_reason::user_shutdown);
  map_->clear();  // the detached shards' threads end with their last handle
}

Result<sdk::ImportTotals> InProcessGraph::import(storage::ImportSource& source) {
  auto next_id = std::make_shared<std::atomic<uint64_t>>(1);
  auto timeout = std::chrono::seconds(60);
  sdk::BatchSender send = [this, next_id, timeout](const storage::ImportBatch& batch,
                                                   std::function<void(Result<void>)> done) {
    auto request =
        protocol::import_request(batch, (*next_id)++, std::chrono::system_clock::now() + timeout);
    runtime::ask_async(
        *system_, gateway_, caf::timespan{timeout}, [done](const wire::Envelope&) { done({}); },
        [done](caf::error& error) { done(protocol::from_caf(error)); }, import_atom::value,
        std::move(request));
  };
  return sdk::run_import(source, send, sdk::ImportOptions{});
}

}  // namespace ds::bench
