#pragma once

// The graph shards as one actor calls them: each request routed by the
// shard map to the actor serving that shard now, sent from the calling actor
// with one timeout, its reply handled on that actor's thread. The calling
// actor's type is erased here, so that code every coordinator shares (the
// cross-shard transaction: actors/transaction) is written once, not as a
// template over the gateway's and the query engine's self types.

#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include <caf/error.hpp>
#include <caf/timespan.hpp>

#include "actors/routing/scatter.hpp"
#include "actors/routing/shard_map.hpp"
#include "common/result.hpp"
#include "protocol/interfaces/graph_shard.hpp"
#include "protocol/wire/envelope.hpp"

namespace ds::actors {

/// Which graph shard message a call sends (protocol/interfaces/graph_shard.hpp).
enum class ShardOp { write, lookup, outbox };

class ShardCalls {
 public:
  using Reply = std::function<void(Result<wire::Envelope>)>;
  /// Sends `request` (ignored for outbox) as `op` to `actor`, the graph
  /// shard serving `shard`; `reply` runs on the caller's thread with the
  /// answer or the error.
  using Send = std::function<void(uint32_t shard, const protocol::graph_shard_actor& actor,
                                  ShardOp op, wire::Envelope request, Reply reply)>;

  ShardCalls(std::shared_ptr<const ShardMap> map, Send send)
      : map_(std::move(map)), send_(std::move(send)) {}

  /// Calls from `self` (any actor that may send graph shard requests), each
  /// timing out after `timeout`. `self` must outlive the calls' replies: it
  /// receives them.
  template <class Self>
  static ShardCalls from(Self self, std::shared_ptr<const ShardMap> map, caf::timespan timeout) {
    return ShardCalls(std::move(map), [self, timeout](
                                          uint32_t shard, const protocol::graph_shard_actor& actor,
                                          ShardOp op, wire::Envelope request, Reply reply) {
      auto ok = [reply](wire::Envelope& answer) { reply(std::move(answer)); };
      auto failed = [reply, shard](caf::error& error) { reply(detail::shard_error(shard, error)); };
      switch (op) {
        case ShardOp::write:
          self->request(actor, timeout, write_atom::value, std::move(request)).then(ok, failed);
          return;
        case ShardOp::lookup:
          self->request(actor, timeout, lookup_atom::value, std::move(request)).then(ok, failed);
          return;
        case ShardOp::outbox:
          self->request(actor, timeout, outbox_atom::value).then(ok, failed);
          return;
      }
    });
  }

  const ShardMap& map() const { return *map_; }

  /// `requests[i]` to shard `targets[i]` (a shard may appear more than once:
  /// its requests arrive in order); `done` once, with the replies in that
  /// order or the first error. A shard that is down or restarting fails
  /// with errc::unavailable.
  void scatter(ShardOp op, const std::vector<uint32_t>& targets,
               std::vector<wire::Envelope> requests, Gathered done) const {
    if (targets.empty()) return done(Replies{});
    auto gather = std::make_shared<detail::Gather>();
    gather->replies.resize(targets.size());
    gather->pending = targets.size();
    gather->done = std::move(done);
    for (std::size_t i = 0; i < targets.size(); ++i) {
      auto shard = targets[i];
      auto actor = map_->actor(shard);
      if (!actor) return gather->fail(detail::not_started(shard, "graph shard"));
      send_(shard, actor, op, std::move(requests[i]), [gather, i](Result<wire::Envelope> reply) {
        if (reply)
          gather->reply(i, std::move(reply).value());
        else
          gather->fail(std::move(reply).error());
      });
    }
  }

  /// `request` to `shard`, its answer ignored: for what a later repair
  /// redoes if it is lost (settling outbox records).
  void tell(uint32_t shard, wire::Envelope request) const {
    if (auto actor = map_->actor(shard))
      send_(shard, actor, ShardOp::write, std::move(request), [](Result<wire::Envelope>) {});
  }

 private:
  std::shared_ptr<const ShardMap> map_;
  Send send_;
};

}  // namespace ds::actors
