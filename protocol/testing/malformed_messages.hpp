#pragma once

// Hostile inputs for message readers, shared by the wire tests and by the
// tests of every actor that accepts envelopes: a reader must answer each with
// errc::malformed_message and keep working.

#include <cstdint>
#include <string>
#include <vector>

#include "protocol/wire/envelope.hpp"

namespace ds::testing {

struct MalformedCase {
  std::string name;
  wire::Envelope envelope;
};

/// A valid PingRequest whose payload is `depth` lists nested in each other.
wire::Envelope nested_ping(int depth);

/// A PingRequest whose payload Value holds a list whose only element points
/// back at the list: following pointers never ends.
wire::Envelope pointer_loop_ping();

/// Every prefix of a valid message, cut at each word boundary.
std::vector<MalformedCase> truncations_of(const wire::Envelope& valid);

/// `count` envelopes of random words, fixed seed: deterministic.
std::vector<MalformedCase> random_envelopes(std::size_t count, uint64_t seed = 42);

/// One of each kind: random bytes, truncated, pointer loop, too deep, empty.
std::vector<MalformedCase> malformed_pings();

}  // namespace ds::testing
