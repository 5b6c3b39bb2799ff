#pragma once

// What a writing query changed: Neo4j's update counters. The query library
// counts them, the wire carries them (protocol/codec/update_counts_codec.hpp), the
// SDK and the HTTP answer show them.

#include <cstdint>

namespace ds {

struct UpdateCounts {
  uint64_t nodes_created = 0;
  uint64_t nodes_deleted = 0;
  uint64_t relationships_created = 0;
  uint64_t relationships_deleted = 0;
  uint64_t properties_set = 0;
  uint64_t labels_added = 0;
  uint64_t labels_removed = 0;
};

}  // namespace ds
