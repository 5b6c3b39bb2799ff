#define BOOST_TEST_MODULE storage_vector_index_snapshot
#include "storage/vector/index_snapshot.hpp"

#include <fstream>
#include <iterator>
#include <random>

#include <boost/test/unit_test.hpp>

#include "common/testing/temp_dir.hpp"

using namespace ds;
using namespace ds::storage;

namespace {

constexpr uint32_t kDim = 8;

std::vector<float> random_rows(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> uniform(-1, 1);
  std::vector<float> rows(n * kDim);
  for (auto& x : rows)
    x = uniform(rng);
  return rows;
}

/// An index of 400 vectors, 50 of them deleted and 20 replaced (tombstones).
std::unique_ptr<VectorIndex> filled(const VectorSpaceSpec& spec) {
  auto index = VectorIndex::create(spec);
  BOOST_REQUIRE_MESSAGE(index.ok(), (index.ok() ? "" : index.error().message));
  std::vector<EntityId> ids(400);
  for (std::size_t i = 0; i < ids.size(); ++i)
    ids[i] = 1000 + i;
  BOOST_REQUIRE((*index)->upsert(ids, random_rows(ids.size(), 1)).ok());
  std::vector<EntityId> gone(ids.begin(), ids.begin() + 50);
  (*index)->remove(gone);
  std::vector<EntityId> replaced(ids.begin() + 100, ids.begin() + 120);
  BOOST_REQUIRE((*index)->upsert(replaced, random_rows(replaced.size(), 2)).ok());
  return std::move(index).value();
}

std::vector<std::vector<VectorHit>> search(const VectorIndex& index) {
  auto hits = index.search(random_rows(5, 3), 10);
  BOOST_REQUIRE(hits.ok());
  return *hits;
}

void expect_same(const std::vector<std::vector<VectorHit>>& a,
                 const std::vector<std::vector<VectorHit>>& b) {
  BOOST_REQUIRE(a.size() == b.size());
  for (std::size_t q = 0; q < a.size(); ++q) {
    BOOST_REQUIRE(a[q].size() == b[q].size());
    for (std::size_t i = 0; i < a[q].size(); ++i) {
      BOOST_TEST(a[q][i].id == b[q][i].id);
      BOOST_TEST(a[q][i].score == b[q][i].score);
    }
  }
}

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_loaded_snapshot_searches_as_the_index_it_was_taken_of) {
  testing::TempDir dir("ds-snapshot");
  for (const auto& spec : {VectorSpaceSpec{"flat", kDim, Metric::l2, "Flat", {}, {}},
                           VectorSpaceSpec{"hnsw", kDim, Metric::cosine, "HNSW16", {}, 80},
                           VectorSpaceSpec{"ivf", kDim, Metric::ip, "IVF4,Flat", {}, {}}}) {
    BOOST_TEST_CONTEXT(spec.index) {
      auto index = filled(spec);
      auto path = dir / (spec.name + ".snap");
      BOOST_REQUIRE(write_snapshot(path, *index, 42).ok());
      BOOST_TEST(!std::filesystem::exists(path.string() + ".tmp"));
      auto loaded = read_snapshot(path, spec);
      BOOST_REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.error().message));
      BOOST_TEST(loaded->version == 42u);
      BOOST_TEST(loaded->index->size() == index->size());
      BOOST_TEST(loaded->index->trained() == index->trained());
      BOOST_TEST(!loaded->index->contains(1000));  // deleted before the snapshot
      BOOST_TEST(loaded->index->contains(1399));
      expect_same(search(*loaded->index), search(*index));
      // Writes go on after a load: the id map and tombstones came along.
      std::vector<EntityId> more{1399, 5000};
      BOOST_TEST(loaded->index->upsert(more, random_rows(2, 4)).ok());
      BOOST_TEST(loaded->index->size() == index->size() + 1);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_missing_corrupt_or_foreign_snapshot_is_refused) {
  testing::TempDir dir("ds-snapshot");
  VectorSpaceSpec spec{"flat", kDim, Metric::l2, "Flat", {}, {}};
  auto missing = read_snapshot(dir / "none.snap", spec);
  BOOST_REQUIRE(!missing.ok());
  BOOST_TEST((missing.error().code == errc::not_found));

  auto path = dir / "flat.snap";
  BOOST_REQUIRE(write_snapshot(path, *filled(spec), 7).ok());
  auto bytes = read_bytes(path);
  auto expect_refused = [&](const std::string& written, const VectorSpaceSpec& as,
                            const std::string& why) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << written;
    auto loaded = read_snapshot(path, as);
    BOOST_REQUIRE(!loaded.ok());
    BOOST_TEST((loaded.error().code == errc::io_error));
    BOOST_TEST(loaded.error().message.find(why) != std::string::npos, loaded.error().message);
  };
  auto flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x40;
  expect_refused(flipped, spec, "checksum mismatch");
  expect_refused(bytes.substr(0, bytes.size() - 100), spec, "checksum mismatch");
  expect_refused("DSV", spec, "not a snapshot");
  auto other = spec;
  other.metric = Metric::ip;
  expect_refused(bytes, other, "written for another definition of space \"flat\"");
}
