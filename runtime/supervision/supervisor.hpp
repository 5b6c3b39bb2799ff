#pragma once

// A supervisor actor with Erlang/OTP one_for_one semantics (CAF 0.17 has
// links and monitors but no supervisor):
// - children start in order and are monitored; when the supervisor ends,
//   however it ends, its children are stopped;
// - a child that exits abnormally is restarted alone, in place; one that
//   exits normally (or by user_shutdown) is not (OTP's "transient");
// - more than `max_restarts` restarts within `period` escalate: the
//   supervisor stops its remaining children and exits with an error, and its
//   own parent (a supervisor, or the node) decides what happens next;
// - an exit message from anyone else (its parent, the node at shutdown)
//   stops the children one by one in reverse start order, then the supervisor.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/error.hpp>
#include <caf/replies_to.hpp>
#include <caf/timespan.hpp>
#include <caf/typed_actor.hpp>

#include "common/result.hpp"
#include "protocol/type_ids.hpp"

namespace ds::runtime {

/// How to start one child, and again after it crashed.
struct ChildSpec {
  std::string name;
  /// Spawns the child and returns its handle, or why it cannot start (which
  /// counts as a crash). Runs on the supervisor's thread; may block briefly,
  /// for example to open a port.
  std::function<Result<caf::actor>(caf::actor_system& system)> start;
};

struct SupervisorOptions {
  std::string name = "supervisor";
  unsigned max_restarts = 5;  ///< restarts tolerated within `period`
  caf::timespan period = std::chrono::seconds(10);
  /// Called on the supervisor's thread after each restart (metrics, logs).
  std::function<void(const std::string& child, const caf::error& reason)> on_restart;
};

/// `whereis(name)`: the current handle of a child (it changes on restart).
using supervisor_actor =
    caf::typed_actor<caf::replies_to<whereis_atom, std::string>::with<caf::actor>>;

/// Spawns a supervisor that starts `children` in order. If a child cannot be
/// started the supervisor exits with that error (after stopping the ones it
/// started).
supervisor_actor spawn_supervisor(caf::actor_system& system, SupervisorOptions options,
                                  std::vector<ChildSpec> children);

/// A ChildSpec that starts a nested supervisor (a subtree).
ChildSpec supervisor_child(SupervisorOptions options, std::vector<ChildSpec> children);

}  // namespace ds::runtime
