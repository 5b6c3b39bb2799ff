#define BOOST_TEST_MODULE storage_shared_graph_store
#include "storage/graph/shared_graph_store.hpp"

#include <atomic>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "common/testing/temp_dir.hpp"
#include "storage/graph/graph_write_batch.hpp"

using namespace ds;
using namespace ds::storage;

namespace {

std::shared_ptr<GraphStore> acquired(SharedGraphStore& shared) {
  auto store = shared.acquire();
  BOOST_REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error().message));
  return std::move(store).value();
}

}  // namespace

BOOST_AUTO_TEST_CASE(holders_share_one_instance_and_the_last_one_closes_it) {
  testing::TempDir dir("ds-shared-store");
  SharedGraphStore shared(dir.path());
  auto graph = acquired(shared), vectors = acquired(shared);
  BOOST_TEST(graph.get() == vectors.get());
  GraphWriteBatch batch(*graph);
  BOOST_REQUIRE(batch.upsert_node("dog", {"Synset"}, {}).ok());
  BOOST_REQUIRE(batch.commit().ok());
  graph.reset();  // a restarted actor gets the instance its sibling holds
  graph = acquired(shared);
  BOOST_TEST(graph.get() == vectors.get());
  graph.reset();
  vectors.reset();  // closed: the next holder opens the directory again
  auto reopened = acquired(shared);
  BOOST_TEST(reopened->find("dog")->has_value());
}

BOOST_AUTO_TEST_CASE(releasing_and_acquiring_on_many_threads_never_hits_the_directory_lock) {
  testing::TempDir dir("ds-shared-store");
  SharedGraphStore shared(dir.path());
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i)
        if (!shared.acquire().ok()) ++failures;  // released at once: often the last holder
    });
  for (auto& thread : threads)
    thread.join();
  BOOST_TEST(failures.load() == 0);
}
