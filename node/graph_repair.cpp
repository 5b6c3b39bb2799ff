#include "node/graph_repair.hpp"

#include <caf/scoped_actor.hpp>
#include <spdlog/spdlog.h>

#include "protocol/caf_error.hpp"
#include "protocol/wire/read.hpp"
#include "schema/gateway.capnp.h"

namespace ds::node {

Result<void> repair_graph(caf::actor_system& system, const CurrentGateway& gateway,
                          const NodeConfig& config) {
  caf::scoped_actor self{system};
  Result<void> done;
  self->request(gateway.get(), caf::timespan{config.system.rpc_timeout}, repair_atom::value)
      .receive(
          [&](const wire::Envelope& reply) {
            done = wire::read<schema::RepairResponse>(
                reply, [](schema::RepairResponse::Reader repaired) {
                  if (repaired.getBatches() > 0)
                    spdlog::info("graph repair: {} unsettled batches, {} owed writes replayed",
                                 repaired.getBatches(), repaired.getWrites());
                });
          },
          [&](caf::error& error) { done = protocol::from_caf(error); });
  if (!done) return make_error(done.error().code, "graph repair: " + done.error().message);
  return done;
}

}  // namespace ds::node
