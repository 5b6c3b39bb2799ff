#define BOOST_TEST_MODULE node_shard_children
// The graph shards as the node runs them: supervised, detached, publishing
// their handles in the shard map, on real threads.
#include "node/shard_children.hpp"

#include <chrono>
#include <cmath>
#include <thread>

#include <boost/test/unit_test.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/exit_reason.hpp>
#include <caf/scoped_actor.hpp>

#include "common/testing/temp_dir.hpp"
#include "protocol/caf_error.hpp"
#include "protocol/wire/build.hpp"
#include "runtime/actor_system_setup.hpp"
#include "schema/graph.capnp.h"
#include "schema/vector.capnp.h"
#include "storage/graph/graph_records.hpp"

using namespace ds;
using namespace ds::node;
using namespace std::chrono_literals;

namespace {

struct Fixture {
  testing::TempDir dir{"ds-node-graph"};
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> system;

  Fixture() {
    runtime::ActorSystemOptions options;
    options.network = false;
    options.threads = 2;
    runtime::configure_actor_system(cfg, options);
    system = std::make_unique<caf::actor_system>(cfg);
  }

  NodeConfig config(unsigned shards) const {
    NodeConfig c;
    c.data_dir = dir.path() / "data";
    c.graph.shards = shards;
    return c;
  }

  /// Asks `shard` and waits; the reply or the error.
  template <class Handle, class... Ts>
  Result<wire::Envelope> ask(const Handle& shard, Ts... xs) {
    caf::scoped_actor self{*system};
    Result<wire::Envelope> out = make_error(errc::internal, "no reply");
    self->request(shard, 10s, xs...)
        .receive([&](const wire::Envelope& reply) { out = reply; },
                 [&](caf::error& error) { out = protocol::from_caf(error); });
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
  runtime::SupervisorOptions options;
  options.name = "graph";
  auto supervisor = runtime::spawn_supervisor(*system, options, shard_children(node, map));
  for (int i = 0; i < 200 && !map->actor(1); ++i)
    std::this_thread::sleep_for(10ms);
  // An acknowledged write on the shard that owns the key.
  std::string key;
  for (int i = 0; key.empty(); ++i)
    if (map->shard_of_key("k" + std::to_string(i)) == 1) key = "k" + std::to_string(i);
  auto written = ask(map->actor(1), write_atom::value,
                     wire::build<schema::ShardWrite>(
                         [&](schema::ShardWrite::Builder w) { w.initNodes(1)[0].setKey(key); }));
  BOOST_REQUIRE(written.ok());

  auto before = map->actor(1);
  caf::anon_send_exit(before, caf::exit_reason::kill);
  for (int i = 0; i < 500 && map->actor(1) == before; ++i)
    std::this_thread::sleep_for(10ms);
  auto after = map->actor(1);
  BOOST_REQUIRE(after != before);
  auto found = ask(after, lookup_atom::value,
                   wire::build<schema::NodeLookup>([&](auto l) { l.initKeys(1).set(0, key); }));
  BOOST_REQUIRE(found.ok());
  BOOST_TEST(*wire::read<schema::NodeList>(
      *found, [](schema::NodeList::Reader list) { return list.getNodes()[0].getFound(); }));

  caf::anon_send_exit(supervisor, caf::exit_reason::user_shutdown);
  caf::scoped_actor self{*system};
  self->wait_for(supervisor);
  map->clear();
}

namespace {

/// A key owned by `shard` of `map`.
std::string key_on(const actors::ShardMap& map, uint32_t shard, int n) {
  for (int i = 0;; ++i) {
    auto key = "v" + std::to_string(n) + "-" + std::to_string(i);
    if (map.shard_of_key(key) == shard) return key;
  }
}

wire::Envelope put_vectors(const std::vector<std::pair<std::string, std::vector<float>>>& rows,
                           bool define) {
  return wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder w) {
    if (define) {
      storage::VectorSpaceSpec spec;
      spec.name = "emb";
      spec.dim = 2;
      storage::write_space(w.initDefineSpaces(1)[0], spec);
    }
    auto list = w.initVectors(static_cast<unsigned>(rows.size()));
    for (unsigned i = 0; i < rows.size(); ++i) {
      list[i].setSpace("emb");
      list[i].setKey(rows[i].first);
      auto row = list[i].initRow(static_cast<unsigned>(rows[i].second.size()));
      for (unsigned j = 0; j < rows[i].second.size(); ++j)
        row.set(j, rows[i].second[j]);
    }
  });
}

wire::Envelope search(std::vector<float> query) {
  return wire::build<schema::VectorSearchRequest>([&](schema::VectorSearchRequest::Builder r) {
    r.setSpace("emb");
    r.setK(1);
    auto q = r.initQueries(static_cast<unsigned>(query.size()));
    for (unsigned i = 0; i < query.size(); ++i)
      q.set(i, query[i]);
  });
}

uint64_t nearest(const wire::Envelope& reply) {
  return *wire::read<schema::VectorSearchResponse>(reply, [](auto r) {
    auto hits = r.getResults()[0].getHits();
    return hits.size() == 0 ? uint64_t{0} : hits[0].getId();
  });
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(an_acknowledged_vector_is_searchable_at_once_and_after_a_crash, Fixture) {
  auto node = config(1);
  BOOST_REQUIRE(prepare_graph_shards(node).ok());
  auto map = std::make_shared<actors::ShardMap>(1);
  runtime::SupervisorOptions options;
  auto supervisor = runtime::spawn_supervisor(*system, options, shard_children(node, map));
  for (int i = 0; i < 200 && !(map->actor(0) && map->vector_actor(0)); ++i)
    std::this_thread::sleep_for(10ms);
  auto a = key_on(*map, 0, 1), b = key_on(*map, 0, 2);
  // The space is used before any vector exists: its index is built empty.
  BOOST_REQUIRE(ask(map->actor(0), write_atom::value, put_vectors({}, true)).ok());
  BOOST_REQUIRE(ask(map->vector_actor(0), search_atom::value, search({0, 0})).ok());
  auto written =
      ask(map->actor(0), write_atom::value, put_vectors({{a, {1, 0}}, {b, {0, 1}}}, false));
  BOOST_REQUIRE_MESSAGE(written.ok(), (written.ok() ? "" : written.error().message));
  auto ids = *wire::read<schema::ShardWriteResult>(*written, [](auto r) {
    return std::pair{r.getVectorIds()[0], r.getVectorIds()[1]};
  });
  // Acknowledged, so in the index: the vector shard applied it first.
  BOOST_TEST(nearest(*ask(map->vector_actor(0), search_atom::value, search({0.1f, 0.9f}))) ==
             ids.second);

  // A refused batch stores nothing: the good row is not kept either.
  auto refused =
      ask(map->actor(0), write_atom::value, put_vectors({{a, {0, 5}}, {b, {NAN, 1}}}, false));
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.error().message.find("vectors[1]: row[0] is NaN") != std::string::npos,
             refused.error().message);
  auto wrong_dim = ask(map->actor(0), write_atom::value, put_vectors({{a, {1, 2, 3}}}, false));
  BOOST_REQUIRE(!wrong_dim.ok());
  BOOST_TEST(
      wrong_dim.error().message.find("has dimension 2; the vector has 3") != std::string::npos,
      wrong_dim.error().message);
  BOOST_TEST(nearest(*ask(map->vector_actor(0), search_atom::value, search({0.1f, 4.0f}))) ==
             ids.second);

  // A crashed vector shard comes back on the same open store and rebuilds.
  auto before = map->vector_actor(0);
  caf::anon_send_exit(before, caf::exit_reason::kill);
  for (int i = 0; i < 500 && map->vector_actor(0) == before; ++i)
    std::this_thread::sleep_for(10ms);
  BOOST_REQUIRE(map->vector_actor(0) != before);
  BOOST_TEST(nearest(*ask(map->vector_actor(0), search_atom::value, search({0.9f, 0.1f}))) ==
             ids.first);

  caf::anon_send_exit(supervisor, caf::exit_reason::user_shutdown);
  caf::scoped_actor self{*system};
  self->wait_for(supervisor);
  map->clear();
}
