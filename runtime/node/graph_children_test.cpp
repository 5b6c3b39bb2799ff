#define BOOST_TEST_MODULE node_graph_children
// The graph shards as the node runs them: supervised, detached, publishing
// their handles in the shard map, on real threads.
#include "runtime/node/graph_children.hpp"

#include <chrono>
#include <thread>

#include <boost/test/unit_test.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/exit_reason.hpp>
#include <caf/scoped_actor.hpp>

#include "common/testing/temp_dir.hpp"
#include "runtime/actor_system_setup.hpp"
#include "runtime/caf_error.hpp"
#include "runtime/wire/build.hpp"
#include "schema/graph.capnp.h"

using namespace ds;
using namespace ds::runtime;
using namespace std::chrono_literals;

namespace {

struct Fixture {
  testing::TempDir dir{"ds-node-graph"};
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> system;

  Fixture() {
    ActorSystemOptions options;
    options.network = false;
    options.threads = 2;
    configure_actor_system(cfg, options);
    system = std::make_unique<caf::actor_system>(cfg);
  }

  NodeConfig config(unsigned shards) const {
    NodeConfig c;
    c.data_dir = dir.path() / "data";
    c.graph.shards = shards;
    return c;
  }

  /// Asks `shard` and waits; the reply or the error.
  template <class... Ts>
  Result<wire::Envelope> ask(const actors::graph_shard_actor& shard, Ts... xs) {
    caf::scoped_actor self{*system};
    Result<wire::Envelope> out = make_error(errc::internal, "no reply");
    self->request(shard, 10s, xs...)
        .receive([&](const wire::Envelope& reply) { out = reply; },
                 [&](caf::error& error) { out = from_caf(error); });
    return out;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_data_directory_keeps_the_shard_count_it_was_made_with, Fixture) {
  auto first = prepare_graph_shards(config(3));
  BOOST_REQUIRE(first.ok());
  BOOST_TEST(*first == 3u);
  BOOST_TEST(*prepare_graph_shards(config(0)) == 3u);  // 0: whatever the directory holds
  auto other = prepare_graph_shards(config(2));
  BOOST_REQUIRE(!other.ok());
  BOOST_TEST((other.error().code == errc::config_error));
  BOOST_TEST(other.error().message.find("holds 3 shards; set shards: 3") != std::string::npos,
             other.error().message);
}

BOOST_FIXTURE_TEST_CASE(a_killed_shard_is_restarted_on_its_data_and_republished, Fixture) {
  auto node = config(2);
  BOOST_REQUIRE(prepare_graph_shards(node).ok());
  auto map = std::make_shared<actors::ShardMap>(2);
  SupervisorOptions options;
  options.name = "graph";
  auto supervisor = spawn_supervisor(*system, options, graph_shard_children(node, map));
  for (int i = 0; i < 200 && !map->actor(1); ++i)
    std::this_thread::sleep_for(10ms);
  // An acknowledged write on the shard that owns the key.
  std::string key;
  for (int i = 0; key.empty(); ++i)
    if (map->shard_of_key("k" + std::to_string(i)) == 1) key = "k" + std::to_string(i);
  auto written = ask(map->actor(1), write_atom::value,
                     wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder w) {
                       w.initNodes(1)[0].setKey(key);
                     }));
  BOOST_REQUIRE(written.ok());

  auto before = map->actor(1);
  caf::anon_send_exit(before, caf::exit_reason::kill);
  for (int i = 0; i < 500 && map->actor(1) == before; ++i)
    std::this_thread::sleep_for(10ms);
  auto after = map->actor(1);
  BOOST_REQUIRE(after != before);
  auto found = ask(after, lookup_atom::value, wire::build<schema::NodeLookup>([&](auto l) {
                     l.initKeys(1).set(0, key);
                   }));
  BOOST_REQUIRE(found.ok());
  BOOST_TEST(*wire::read<schema::NodeList>(
      *found, [](schema::NodeList::Reader list) { return list.getNodes()[0].getFound(); }));

  caf::anon_send_exit(supervisor, caf::exit_reason::user_shutdown);
  caf::scoped_actor self{*system};
  self->wait_for(supervisor);
  map->clear();
}
