#pragma once

// Internal to the query engine (query_engine.cpp, shard_source.cpp): the
// actor's state and self type.

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/query_engine/query_engine.hpp"

namespace ds::actors {

struct EngineState {
  QueryEngineOptions options;
};

using EngineSelf = protocol::query_engine_actor::stateful_pointer<EngineState>;

}  // namespace ds::actors
