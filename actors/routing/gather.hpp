#pragma once

// Gathering the replies of requests to several shards: one callback when
// every reply is in (or at the first error), and the errors a caller acts on
// for a shard that is not there (ShardCalls::scatter sends; this gathers).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <caf/error.hpp>
#include <caf/sec.hpp>

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

}  // namespace detail

}  // namespace ds::actors
