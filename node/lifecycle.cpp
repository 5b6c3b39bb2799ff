#include "node/lifecycle.hpp"

#include <tuple>

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

namespace ds::node {
namespace {

enum class Phase { starting, serving, draining };

struct LifecycleState {
  Phase phase = Phase::starting;
};

const char* name_of(Phase phase) {
  switch (phase) {
    case Phase::starting:
      return "starting";
    case Phase::serving:
      return "serving";
    case Phase::draining:
      return "draining";
  }
  return "starting";
}

lifecycle_actor::behavior_type lifecycle(lifecycle_actor::stateful_pointer<LifecycleState> self) {
  return {
      [self](health_atom) {
        auto phase = self->state.phase;
        return std::make_tuple(phase == Phase::serving, std::string(name_of(phase)));
      },
      [self](ready_atom) {
        if (self->state.phase == Phase::starting) self->state.phase = Phase::serving;
      },
      [self](drain_atom) { self->state.phase = Phase::draining; },
  };
}

}  // namespace

lifecycle_actor spawn_lifecycle(caf::actor_system& system) { return system.spawn(lifecycle); }

}  // namespace ds::node
