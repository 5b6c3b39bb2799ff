#include "node/gateway_child.hpp"

#include <caf/actor_cast.hpp>
#include <caf/exit_reason.hpp>
#include <caf/io/middleman.hpp>
#include <caf/send.hpp>
#include <spdlog/spdlog.h>

#include "node/text_config.hpp"
#include "runtime/build_info.hpp"

namespace ds::node {

runtime::ChildSpec gateway_child(const NodeConfig& config,
                                 std::shared_ptr<const actors::ShardMap> shards,
                                 std::shared_ptr<const storage::Tokenizer> tokenizer,
                                 std::shared_ptr<const CurrentEngine> engine,
                                 std::shared_ptr<CurrentGateway> current) {
  actors::GatewayOptions options;
  options.node = config.name;
  options.version = std::string(runtime::build_info().version);
  options.shards = std::move(shards);
  options.max_hops = config.graph.max_hops;
  options.max_k = config.vectors.max_k;
  options.tokenizer = std::move(tokenizer);
  options.bm25 = bm25_params(config.text);
  options.shard_timeout = caf::timespan{config.system.rpc_timeout};
  options.engine = std::move(engine);
  auto bind = config.bind;
  auto port = config.sdk.port;
  return runtime::ChildSpec{
      "gateway", [=](caf::actor_system& system) -> Result<caf::actor> {
        auto gateway = actors::spawn_gateway(system, options);
        auto& middleman = system.middleman();
        // After a restart the dead gateway still holds the port.
        (void)middleman.close(port);
        auto published = middleman.publish(gateway, port, bind.c_str(), true);
        if (!published) {
          caf::anon_send_exit(gateway, caf::exit_reason::user_shutdown);
          return make_error(errc::io_error, "sdk.port " + std::to_string(port) + " on " + bind +
                                                ": " + system.render(published.error()));
        }
        spdlog::debug("gateway published on {}:{}", bind, port);
        current->publish(gateway);
        return caf::actor_cast<caf::actor>(gateway);
      }};
}

}  // namespace ds::node
