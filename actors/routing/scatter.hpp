#pragma once

// Scatter/gather over graph shards: one request per shard, one callback when
// every reply is in (or at the first error). Requests go to the actor the
// shard map names now, so a shard restarted since the last request is reached.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <caf/error.hpp>
#include <caf/sec.hpp>

#include "actors/routing/shard_map.hpp"
#include "common/result.hpp"
#include "protocol/caf_error.hpp"
#include "protocol/wire/envelope.hpp"

namespace ds::actors {

using Replies = std::vector<wire::Envelope>;
using Gathered = std::function<void(Result<Replies>)>;

namespace detail {

struct Gather {
  Replies replies;
  std::size_t pending = 0;
  bool finished = false;
  Gathered done;

  void fail(Error error) {
    if (finished) return;
    finished = true;
    done(std::move(error));
  }
  void reply(std::size_t i, wire::Envelope envelope) {
    if (finished) return;
    replies[i] = std::move(envelope);
    if (--pending == 0) {
      finished = true;
      done(std::move(replies));
    }
  }
};

/// A shard that is down is restarting: say so in a way a client acts on.
inline Error shard_error(uint32_t shard, const caf::error& error,
                         const char* what = "graph shard") {
  if (error == caf::sec::request_receiver_down)
    return make_error(errc::unavailable, std::string(what) + " " + std::to_string(shard) +
                                             " is restarting; retry the request");
  return protocol::from_caf(error);
}

/// A shard whose actor has not been published yet (the node is starting).
inline Error not_started(uint32_t shard, const char* what) {
  return make_error(errc::unavailable, std::string(what) + " " + std::to_string(shard) +
                                           " has not started yet; retry the request");
}

/// scatter() over the actors `actor_of(shard)` names; `what` names them in
/// errors ("graph shard", "vector shard").
template <class ActorOf, class Send>
void scatter_to(ActorOf actor_of, const char* what, const std::vector<uint32_t>& targets, Send send,
                Gathered done) {
  if (targets.empty()) return done(Replies{});
  auto gather = std::make_shared<Gather>();
  gather->replies.resize(targets.size());
  gather->pending = targets.size();
  gather->done = std::move(done);
  for (std::size_t i = 0; i < targets.size(); ++i) {
    auto shard = targets[i];
    auto actor = actor_of(shard);
    if (!actor) return gather->fail(not_started(shard, what));
    send(actor, i).then([gather, i](wire::Envelope& reply) { gather->reply(i, std::move(reply)); },
                        [gather, shard, what](caf::error& error) {
                          gather->fail(shard_error(shard, error, what));
                        });
  }
}

}  // namespace detail

/// Sends `send(actor, i)` for each i, the actor being `targets[i]`'s graph
/// shard, and calls `done` once with the replies in target order, or with
/// the first error. `send` returns the response handle of a
/// `self->request(...)`.
template <class Send>
void scatter(const ShardMap& shards, const std::vector<uint32_t>& targets, Send send,
             Gathered done) {
  detail::scatter_to([&](uint32_t shard) { return shards.actor(shard); }, "graph shard", targets,
                     std::move(send), std::move(done));
}

/// scatter() to the targets' vector shards.
template <class Send>
void scatter_vectors(const ShardMap& shards, const std::vector<uint32_t>& targets, Send send,
                     Gathered done) {
  detail::scatter_to([&](uint32_t shard) { return shards.vector_actor(shard); }, "vector shard",
                     targets, std::move(send), std::move(done));
}

}  // namespace ds::actors
