#pragma once

// A CAF actor system on the deterministic test scheduler, for Boost.Test
// cases: messages are processed only when the test runs the scheduler, and
// time moves only when the test advances it.

#include <optional>
#include <utility>
#include <variant>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <caf/scoped_actor.hpp>

#include "runtime/actor_system_setup.hpp"

namespace ds::testing {

class DeterministicSystem {
 public:
  DeterministicSystem()
      : sys_(configured(cfg_)),
        self(sys_, true),
        sched(dynamic_cast<caf::scheduler::test_coordinator&>(sys_.scheduler())) {
    // Actors a test leaves running would wait forever for a scheduler that
    // only runs when the test says so.
    sys_.await_actors_before_shutdown(false);
  }

  caf::actor_system& system() { return sys_; }

  /// Sends a request from `self`, runs every actor until idle and returns
  /// the reply: the value, or the error.
  template <class T, class Handle, class... Ts>
  std::variant<T, caf::error> ask(const Handle& dest, Ts&&... xs) {
    auto handle = self->request(dest, caf::infinite, std::forward<Ts>(xs)...);
    sched.run();
    std::variant<T, caf::error> out = caf::error{};
    handle.receive([&](T& value) { out = std::move(value); },
                   [&](caf::error& err) { out = std::move(err); });
    return out;
  }

  /// ask(), but time passes while nothing else is left to run: every
  /// pending timeout fires (a request nobody answers times out), until
  /// neither messages nor timeouts are left.
  template <class T, class Handle, class... Ts>
  std::variant<T, caf::error> ask_letting_time_pass(const Handle& dest, Ts&&... xs) {
    auto handle = self->request(dest, caf::infinite, std::forward<Ts>(xs)...);
    do
      sched.run();
    while (sched.trigger_timeouts() > 0);
    std::variant<T, caf::error> out = caf::error{};
    handle.receive([&](T& value) { out = std::move(value); },
                   [&](caf::error& err) { out = std::move(err); });
    return out;
  }

 private:
  static caf::actor_system_config& configured(caf::actor_system_config& cfg) {
    runtime::ActorSystemOptions options;
    options.network = false;
    options.deterministic = true;
    runtime::configure_actor_system(cfg, options);
    return cfg;
  }

  caf::actor_system_config cfg_;
  caf::actor_system sys_;

 public:
  caf::scoped_actor self;
  caf::scheduler::test_coordinator& sched;
};

}  // namespace ds::testing
