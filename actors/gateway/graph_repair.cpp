// (repair): replays the shards' outboxes (actors/transaction/outbox_repair.hpp)
// and answers what it replayed. The node asks for it at start, before it
// reports ready.

#include "actors/gateway/gateway_state.hpp"
#include "actors/transaction/outbox_repair.hpp"
#include "protocol/wire/build.hpp"
#include "schema/gateway.capnp.h"

namespace ds::actors {

void repair_graph(GatewaySelf self, Promise promise) {
  repair_outboxes(shard_calls(self), [promise](Result<RepairCounts> counts) mutable {
    if (!counts) return deliver(promise, counts.error());
    deliver(promise, wire::build<schema::RepairResponse>([&](schema::RepairResponse::Builder out) {
              out.setBatches(counts->batches);
              out.setWrites(counts->writes);
            }));
  });
}

}  // namespace ds::actors
