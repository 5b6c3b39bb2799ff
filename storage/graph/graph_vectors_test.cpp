#define BOOST_TEST_MODULE storage_graph_vectors
// Vector spaces and vectors in the graph store: written in the node's batch,
// read back after a reopen, gone with their node or their space.
#include <boost/test/unit_test.hpp>

#include "common/testing/temp_dir.hpp"
#include "storage/graph/graph_store.hpp"
#include "storage/graph/graph_write_batch.hpp"

using namespace ds;
using namespace ds::storage;

namespace {

std::unique_ptr<GraphStore> open_store(const std::filesystem::path& dir) {
  auto store = GraphStore::open(dir);
  BOOST_REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error().message));
  return std::move(store).value();
}

void ok(Result<void> r) { BOOST_REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message)); }

const VectorSpaceSpec kText{"text", 3, Metric::cosine, "HNSW32", {64, std::nullopt}, 120};

}  // namespace

BOOST_AUTO_TEST_CASE(spaces_and_vectors_survive_a_reopen) {
  testing::TempDir dir("ds-vectors");
  EntityId a = 0, b = 0;
  {
    auto store = open_store(dir.path());
    GraphWriteBatch batch(*store);
    ok(batch.put_space(kText));
    a = *batch.upsert_node("a", {}, {});
    b = *batch.upsert_node("b", {}, {});
    std::vector<float> va{1, 2, 3}, vb{4, 5, 6};
    ok(batch.put_vector("text", a, va));  // the same batch as the space and the nodes
    ok(batch.put_vector("text", b, vb));
    ok(batch.commit());
  }
  auto store = open_store(dir.path());
  auto spaces = store->spaces();
  BOOST_REQUIRE(spaces.size() == 1u);
  BOOST_TEST(spaces[0].name == "text");
  BOOST_TEST(spaces[0].dim == 3u);
  BOOST_TEST((spaces[0].metric == Metric::cosine));
  BOOST_TEST(spaces[0].index == "HNSW32");
  BOOST_TEST(spaces[0].defaults.ef_search.value_or(0) == 64);
  BOOST_TEST(spaces[0].ef_construction.value_or(0) == 120);
  BOOST_TEST((store->vector("text", a)->value() == std::vector<float>{1, 2, 3}));
  auto all = store->vectors("text");
  BOOST_REQUIRE(all.ok());
  BOOST_TEST(all->ids.size() == 2u);
  BOOST_TEST(all->rows.size() == 6u);
  BOOST_TEST(!store->vector("nope", a).ok());
}

BOOST_AUTO_TEST_CASE(a_bad_vector_or_space_is_refused_with_the_reason) {
  testing::TempDir dir("ds-vectors");
  auto store = open_store(dir.path());
  GraphWriteBatch batch(*store);
  ok(batch.put_space(kText));
  ok(batch.put_space(kText));  // the same again: nothing changes
  auto other = kText;
  other.dim = 4;
  auto changed = batch.put_space(other);
  BOOST_REQUIRE(!changed.ok());
  BOOST_TEST((changed.error().code == errc::already_exists));
  BOOST_TEST(changed.error().message.find("delete it first") != std::string::npos);
  auto a = *batch.upsert_node("a", {}, {});
  std::vector<float> two{1, 2};
  auto wrong = batch.put_vector("text", a, two);
  BOOST_REQUIRE(!wrong.ok());
  BOOST_TEST(wrong.error().message == "space \"text\" has dimension 3; the vector has 2 numbers");
  std::vector<float> three{1, 2, 3};
  BOOST_TEST((batch.put_vector("nope", a, three).error().code == errc::not_found));
  BOOST_TEST((batch.put_vector("text", a + 1, three).error().code == errc::not_found));
  auto bad_name = kText;
  bad_name.name = "No Spaces";
  BOOST_TEST(!batch.put_space(bad_name).ok());
}

BOOST_AUTO_TEST_CASE(vectors_go_with_their_node_and_with_their_space) {
  testing::TempDir dir("ds-vectors");
  auto store = open_store(dir.path());
  EntityId a = 0, b = 0;
  {
    GraphWriteBatch batch(*store);
    ok(batch.put_space(kText));
    ok(batch.put_space({"other", 2, Metric::l2, "Flat", {}}));
    a = *batch.upsert_node("a", {}, {});
    b = *batch.upsert_node("b", {}, {});
    std::vector<float> v3{1, 2, 3}, v2{1, 2};
    ok(batch.put_vector("text", a, v3));
    ok(batch.put_vector("text", b, v3));
    ok(batch.put_vector("other", a, v2));
    ok(batch.commit());
  }
  {
    GraphWriteBatch batch(*store);
    BOOST_REQUIRE(batch.delete_node(a).ok());
    ok(batch.commit());
  }
  BOOST_TEST(!store->vector("text", a)->has_value());
  BOOST_TEST(!store->vector("other", a)->has_value());
  BOOST_TEST(store->vector("text", b)->has_value());
  {
    GraphWriteBatch batch(*store);
    ok(batch.delete_space("text"));
    BOOST_TEST((batch.delete_space("text").error().code == errc::not_found));  // seen in-batch
    ok(batch.commit());
  }
  BOOST_TEST(store->spaces().size() == 1u);
  BOOST_TEST(!store->vector("text", b).ok());
  {
    GraphWriteBatch batch(*store);
    ok(batch.put_space(kText));  // recreated: empty
    ok(batch.commit());
  }
  BOOST_TEST(store->vectors("text")->ids.empty());
}

BOOST_AUTO_TEST_CASE(each_batch_that_changes_vectors_bumps_the_vector_version) {
  testing::TempDir dir("ds-vectors");
  EntityId a = 0, b = 0;
  std::vector<float> v{1, 2, 3};
  {
    auto store = open_store(dir.path());
    BOOST_TEST(store->vector_version() == 0u);
    GraphWriteBatch batch(*store);
    ok(batch.put_space(kText));
    a = *batch.upsert_node("a", {}, {});
    b = *batch.upsert_node("b", {}, {});
    ok(batch.put_vector("text", a, v));
    ok(batch.commit());
    BOOST_TEST(store->vector_version() == 1u);
    BOOST_REQUIRE(batch.upsert_node("c", {}, {}).ok());  // no vector: no new version
    ok(batch.commit());
    BOOST_TEST(store->vector_version() == 1u);
    ok(batch.put_vector("text", b, v));
    ok(batch.commit());
    BOOST_TEST(store->vector_version() == 2u);
  }
  auto store = open_store(dir.path());
  BOOST_TEST(store->vector_version() == 2u);  // kept across a reopen
  auto all = store->vectors("text");
  BOOST_REQUIRE(all.ok());
  BOOST_TEST((all->ids == std::vector<EntityId>{std::min(a, b), std::max(a, b)}));
  BOOST_TEST((all->versions == (a < b ? std::vector<uint64_t>{1, 2} : std::vector<uint64_t>{2, 1})));
  GraphWriteBatch batch(*store);
  BOOST_REQUIRE(batch.delete_vector("text", a).ok());
  ok(batch.commit());
  BOOST_TEST(store->vector_version() == 3u);
}
