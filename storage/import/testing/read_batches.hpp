#pragma once

// For the importers' unit tests: every batch of a source until its end.

#include <cstddef>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "storage/import/import_source.hpp"

namespace ds::testing {

/// Fails the test on an error or on a batch larger than `max_items`.
inline std::vector<storage::ImportBatch> read_batches(storage::ImportSource& source, std::size_t max_items = 1000) {
  std::vector<storage::ImportBatch> batches;
  for (;;) {
    auto next = source.next(max_items);
    BOOST_REQUIRE_MESSAGE(next.ok(), (next.ok() ? "" : next.error().message));
    if (!*next) return batches;
    BOOST_TEST((*next)->size() <= max_items);
    batches.push_back(std::move(**next));
  }
}

}  // namespace ds::testing
