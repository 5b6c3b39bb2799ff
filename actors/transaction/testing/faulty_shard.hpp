#pragma once

// Failure injection for the cross-shard protocol, in the manner of RocksDB's
// sync points: every request a coordinator sends a graph shard is a point;
// a test first runs a scenario without faults and records its points (the
// Trace), then runs it again once per point and fault, a stand-in for the
// shard (FaultyShard, published in the shard map in the real shard's place)
// failing at that point. The real shard, its store and its outbox are
// untouched: after the fault the test "restarts" the shard by publishing
// the real one again, as the node's supervisor would after reopening it.
// For the deterministic scheduler: everything happens when the test runs it.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/sec.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include "common/result.hpp"
#include "protocol/caf_error.hpp"
#include "protocol/interfaces/graph_shard.hpp"

namespace ds::actors::testing {

enum class Fault {
  refuse,      ///< answers an error (the store failed); nothing is written
  lose,        ///< never answers: the request times out; nothing is written
  die_before,  ///< the shard dies with the request unread; nothing is written
  die_after,   ///< the shard writes, then dies before it answers
};

inline const char* to_string(Fault fault) {
  switch (fault) {
    case Fault::refuse:
      return "refuses";
    case Fault::lose:
      return "loses the request";
    case Fault::die_before:
      return "dies before writing";
    case Fault::die_after:
      return "dies after writing";
  }
  return "?";
}

/// A point: the `index`-th request (0-based, over every shard) of a
/// scenario, which is the `kind` request to `shard`.
struct Point {
  std::size_t index = 0;
  uint32_t shard = 0;
  std::string kind;  ///< "write" or "lookup"
};

/// The points of a run, in the order the shards received them, and the one
/// armed to fail.
struct Trace {
  std::vector<Point> points;
  std::optional<std::size_t> armed;  ///< the index that fails
  Fault fault = Fault::refuse;
  bool struck = false;  ///< the armed point was reached

  /// Records a point; true when it is the armed one.
  bool reached(uint32_t shard, std::string kind) {
    auto index = points.size();
    points.push_back({index, shard, std::move(kind)});
    if (armed != index) return false;
    struck = true;
    return true;
  }
};

struct FaultyShardState {
  protocol::graph_shard_actor real;
  uint32_t shard = 0;
  std::shared_ptr<Trace> trace;
};

using FaultyShardSelf = protocol::graph_shard_actor::stateful_pointer<FaultyShardState>;

namespace detail {

/// A write or lookup: passed on, or failed as the trace says.
template <class Atom>
caf::result<wire::Envelope> pass(FaultyShardSelf self, Atom atom, const wire::Envelope& request,
                                 const char* kind) {
  auto& state = self->state;
  if (!state.trace->reached(state.shard, kind)) return self->delegate(state.real, atom, request);
  auto down = caf::make_error(caf::sec::request_receiver_down);
  switch (state.trace->fault) {
    case Fault::refuse:
      return protocol::to_caf(make_error(errc::io_error, "injected: the store refused"));
    case Fault::lose:
      return self->make_response_promise<wire::Envelope>();  // never delivered
    case Fault::die_before:
      self->quit(down);
      return down;
    case Fault::die_after: {
      auto promise = self->make_response_promise<wire::Envelope>();
      self->request(state.real, caf::infinite, atom, request)
          .then([self, promise, down](wire::Envelope&) mutable {
            promise.deliver(down);
            self->quit(down);
          });
      return promise;
    }
  }
  return down;
}

}  // namespace detail

/// Stands in for `real`, shard `shard`: every message is passed to it, and
/// each write and lookup is a point of `trace`.
inline protocol::graph_shard_actor spawn_faulty_shard(caf::actor_system& system,
                                                      protocol::graph_shard_actor real,
                                                      uint32_t shard,
                                                      std::shared_ptr<Trace> trace) {
  auto behaviour = [](FaultyShardSelf self, protocol::graph_shard_actor real, uint32_t shard,
                      std::shared_ptr<Trace> trace) -> protocol::graph_shard_actor::behavior_type {
    self->state.real = real;
    self->state.shard = shard;
    self->state.trace = std::move(trace);
    auto forward = [self](auto atom, const wire::Envelope& request) {
      return self->delegate(self->state.real, atom, request);
    };
    return {
        [self](write_atom atom, const wire::Envelope& request) {
          return detail::pass(self, atom, request, "write");
        },
        [self](lookup_atom atom, const wire::Envelope& request) {
          return detail::pass(self, atom, request, "lookup");
        },
        [forward](expand_atom atom, const wire::Envelope& r) { return forward(atom, r); },
        [forward](read_batch_atom atom, const wire::Envelope& r) { return forward(atom, r); },
        [self](stats_atom atom) { return self->delegate(self->state.real, atom); },
        [forward](text_stats_atom atom, const wire::Envelope& r) { return forward(atom, r); },
        [forward](text_search_atom atom, const wire::Envelope& r) { return forward(atom, r); },
        [self](outbox_atom atom) { return self->delegate(self->state.real, atom); },
        [forward](scan_atom atom, const wire::Envelope& r) { return forward(atom, r); },
        [forward](edge_props_atom atom, const wire::Envelope& r) { return forward(atom, r); },
        [forward](vector_of_atom atom, const wire::Envelope& r) { return forward(atom, r); },
        [forward](reserve_atom atom, const wire::Envelope& r) { return forward(atom, r); },
    };
  };
  return system.spawn(behaviour, std::move(real), shard, std::move(trace));
}

}  // namespace ds::actors::testing
