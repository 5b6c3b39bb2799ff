#include "runtime/actor_system_setup.hpp"

#include <thread>

#include <caf/io/middleman.hpp>
#include <caf/timespan.hpp>

#include "protocol/caf_error.hpp"
#include "protocol/type_ids.hpp"

namespace ds::runtime {
namespace {

bool sharing_scheduler(const std::string& scheduler) {
  if (scheduler == "auto") return std::thread::hardware_concurrency() <= 4;
  return scheduler == "sharing";
}

}  // namespace

void configure_actor_system(caf::actor_system_config& cfg, const ActorSystemOptions& options) {
  cfg.add_message_types<caf::id_block::deepseek>();
  cfg.add_error_category(protocol::kErrorCategory, protocol::render_error);
  cfg.set("logger.file-verbosity", caf::atom("quiet"));
  cfg.set("logger.console-verbosity", caf::atom("quiet"));
  if (options.threads > 0) cfg.set("scheduler.max-threads", static_cast<size_t>(options.threads));
  if (options.deterministic)
    cfg.set("scheduler.policy", caf::atom("testing"));
  else if (sharing_scheduler(options.scheduler))
    cfg.set("scheduler.policy", caf::atom("sharing"));
  if (options.network) {
    cfg.load<caf::io::middleman>();
    cfg.set("middleman.heartbeat-interval", caf::timespan{options.heartbeat_interval});
    cfg.set("middleman.connection-timeout", caf::timespan{options.connection_timeout});
  }
}

}  // namespace ds::runtime
