#define BOOST_TEST_MODULE storage_slot_ranges
#include "storage/graph/slot_ranges.hpp"

#include <boost/test/unit_test.hpp>

using namespace ds::storage;

BOOST_AUTO_TEST_CASE(every_slot_has_exactly_the_owner_its_range_says) {
  for (uint32_t shards : {1u, 2u, 3u, 7u, 16u, 100u, 4096u}) {
    uint32_t expected_begin = 0;
    for (uint32_t shard = 0; shard < shards; ++shard) {
      auto range = slots_of_shard(shard, shards);
      BOOST_REQUIRE(range.begin == expected_begin);  // contiguous, no gaps
      BOOST_REQUIRE(range.end > range.begin);
      for (uint32_t slot = range.begin; slot < range.end; ++slot)
        BOOST_REQUIRE_MESSAGE(shard_of_slot(slot, shards) == shard, slot << " of " << shards);
      expected_begin = range.end;
    }
    BOOST_TEST(expected_begin == kSlotCount);
  }
}

BOOST_AUTO_TEST_CASE(keys_spread_over_slots) {
  uint32_t per_shard[4] = {};
  for (int i = 0; i < 40'000; ++i)
    ++per_shard[shard_of_slot(slot_of_key("key" + std::to_string(i)), 4)];
  for (auto n : per_shard)
    BOOST_TEST((n > 9'000u && n < 11'000u));
}
