#pragma once

// The shards as one actor calls them: the one path of every request the
// gateway and the query engine send a graph or vector shard. Each request
// is routed by the shard map to the actor serving that shard now, sent from
// the calling actor with one timeout, its reply handled on that actor's
// thread. The calling actor's type is erased here, so that the code both
// share (the cross-shard transaction, searches: actors/transaction,
// actors/search) is written once, not as a template over their self types;
// and a caller may send some requests its own way (the gateway coalesces
// its lookups and expansions per shard: actors/gateway/shard_reads.cpp).

#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include <caf/error.hpp>
#include <caf/timespan.hpp>

#include "actors/routing/gather.hpp"
#include "actors/routing/shard_map.hpp"
#include "common/result.hpp"
#include "protocol/interfaces/graph_shard.hpp"
#include "protocol/interfaces/vector_shard.hpp"
#include "protocol/wire/envelope.hpp"

namespace ds::actors {

/// Which message a call sends: a graph shard's
/// (protocol/interfaces/graph_shard.hpp), or a vector shard's search.
enum class ShardOp {
  write,
  lookup,
  expand,
  stats,
  outbox,
  text_stats,
  text_search,
  scan,
  edge_props,
  vector_of,
  reserve,
  vector_search,
  vector_stats,
};

inline bool to_vector_shard(ShardOp op) {
  return op == ShardOp::vector_search || op == ShardOp::vector_stats;
}

/// "graph shard" or "vector shard": who answers `op`, in errors.
inline const char* answered_by(ShardOp op) {
  return to_vector_shard(op) ? "vector shard" : "graph shard";
}

class ShardCalls {
 public:
  using Reply = std::function<void(Result<wire::Envelope>)>;
  /// Sends `request` (ignored for stats and outbox) as `op` to shard
  /// `shard`; `reply` runs on the caller's thread with the answer or the
  /// error (errc::unavailable while the shard is not there).
  using Send = std::function<void(uint32_t shard, ShardOp op, wire::Envelope request, Reply reply)>;

  ShardCalls(std::shared_ptr<const ShardMap> map, Send send)
      : map_(std::move(map)), send_(std::move(send)) {}

  /// Calls from `self` (any actor that may send graph shard requests), each
  /// timing out after `timeout`. `self` must outlive the calls' replies: it
  /// receives them.
  template <class Self>
  static ShardCalls from(Self self, std::shared_ptr<const ShardMap> map, caf::timespan timeout) {
    auto shards = map;
    return ShardCalls(std::move(map), [self, shards, timeout](uint32_t shard, ShardOp op,
                                                              wire::Envelope request, Reply reply) {
      auto ok = [reply](wire::Envelope& answer) { reply(std::move(answer)); };
      auto failed = [reply, shard, op](caf::error& error) {
        reply(detail::shard_error(shard, error, answered_by(op)));
      };
      if (to_vector_shard(op)) {
        auto actor = shards->vector_actor(shard);
        if (!actor) return reply(detail::not_started(shard, answered_by(op)));
        if (op == ShardOp::vector_stats)
          self->request(actor, timeout, stats_atom::value).then(ok, failed);
        else
          self->request(actor, timeout, search_atom::value, std::move(request)).then(ok, failed);
        return;
      }
      auto actor = shards->actor(shard);
      if (!actor) return reply(detail::not_started(shard, answered_by(op)));
      auto send = [&](auto atom) {
        self->request(actor, timeout, atom, std::move(request)).then(ok, failed);
      };
      switch (op) {
        case ShardOp::write:
          return send(write_atom::value);
        case ShardOp::lookup:
          return send(lookup_atom::value);
        case ShardOp::expand:
          return send(expand_atom::value);
        case ShardOp::text_stats:
          return send(text_stats_atom::value);
        case ShardOp::text_search:
          return send(text_search_atom::value);
        case ShardOp::scan:
          return send(scan_atom::value);
        case ShardOp::edge_props:
          return send(edge_props_atom::value);
        case ShardOp::vector_of:
          return send(vector_of_atom::value);
        case ShardOp::reserve:
          return send(reserve_atom::value);
        case ShardOp::stats:
          self->request(actor, timeout, stats_atom::value).then(ok, failed);
          return;
        case ShardOp::outbox:
          self->request(actor, timeout, outbox_atom::value).then(ok, failed);
          return;
        case ShardOp::vector_search:
        case ShardOp::vector_stats:
          return;  // sent above
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
      if (gather->finished) return;  // a shard that is not there: the rest are not sent
      send_(targets[i], op, std::move(requests[i]), [gather, i](Result<wire::Envelope> reply) {
        if (reply)
          gather->reply(i, std::move(reply).value());
        else
          gather->fail(std::move(reply).error());
      });
    }
  }

  /// One request to one shard.
  void ask(uint32_t shard, ShardOp op, wire::Envelope request, Reply reply) const {
    send_(shard, op, std::move(request), std::move(reply));
  }

  /// `request` to `shard`, its answer ignored: for what a later repair
  /// redoes if it is lost (settling outbox records).
  void tell(uint32_t shard, wire::Envelope request) const {
    send_(shard, ShardOp::write, std::move(request), [](Result<wire::Envelope>) {});
  }

 private:
  std::shared_ptr<const ShardMap> map_;
  Send send_;
};

}  // namespace ds::actors
