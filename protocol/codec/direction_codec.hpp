#pragma once

// An edge direction on the wire (schema/graph.capnp Direction), both ways:
// the gateway's and the query engine's requests write it, the shard reads it.

#include "schema/graph.capnp.h"
#include "storage/graph/graph_types.hpp"

namespace ds::protocol {

inline schema::Direction to_wire(storage::Direction direction) {
  switch (direction) {
    case storage::Direction::out:
      return schema::Direction::OUT;
    case storage::Direction::in:
      return schema::Direction::IN;
    case storage::Direction::both:
      return schema::Direction::BOTH;
  }
  return schema::Direction::BOTH;
}

inline storage::Direction from_wire(schema::Direction direction) {
  switch (direction) {
    case schema::Direction::OUT:
      return storage::Direction::out;
    case schema::Direction::IN:
      return storage::Direction::in;
    case schema::Direction::BOTH:
      return storage::Direction::both;
  }
  return storage::Direction::both;
}

}  // namespace ds::protocol
