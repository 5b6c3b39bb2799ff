#pragma once

// The node's lifecycle as an actor, so probes learn readiness by message:
// starting -> serving -> draining. /readyz is 200 only while serving.

#include <string>

#include <caf/actor_system.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "protocol/type_ids.hpp"

namespace ds::node {

/// - `health` -> (ready, phase): phase is "starting", "serving" or "draining".
/// - `ready`: start up finished (data loaded, warm-up done).
/// - `drain`: shutdown began; never goes back.
using lifecycle_actor = caf::typed_actor<caf::replies_to<health_atom>::with<bool, std::string>,
                                         caf::reacts_to<ready_atom>, caf::reacts_to<drain_atom>>;

lifecycle_actor spawn_lifecycle(caf::actor_system& system);

}  // namespace ds::node
