#pragma once

// Asking an actor from a thread that is not one (an HTTP I/O thread, an SDK
// caller) without blocking that thread: a short-lived actor sends the request
// and hands the reply to a callback, which runs on a CAF worker thread.

#include <tuple>
#include <utility>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/spawn_options.hpp>
#include <caf/timespan.hpp>

namespace ds::runtime {

/// Sends `message...` to `dest`; calls `on_reply(reply...)` or
/// `on_error(caf::error&)` (a timeout after `timeout` is an error too).
/// Exactly one of the two runs, once.
template <class Handle, class OnReply, class OnError, class... Ts>
void ask_async(caf::actor_system& system, const Handle& dest, caf::timespan timeout,
               OnReply on_reply, OnError on_error, Ts... message) {
  system.spawn<caf::hidden>(
      [=, args = std::make_tuple(std::move(message)...)](caf::event_based_actor* self) mutable {
        std::apply(
            [&](auto&... xs) {
              self->request(dest, timeout, std::move(xs)...)
                  .then(std::move(on_reply), std::move(on_error));
            },
            args);
      });
}

}  // namespace ds::runtime
