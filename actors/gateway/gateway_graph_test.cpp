#define BOOST_TEST_MODULE actors_gateway_graph
// The gateway's graph requests over three real shard actors (RocksDB stores
// in a temporary directory), on the deterministic scheduler.
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <boost/test/unit_test.hpp>
#include <caf/exit_reason.hpp>

#include "actors/gateway/gateway.hpp"
#include "actors/gateway/gateway_fixture.hpp"
#include "common/testing/temp_dir.hpp"
#include "protocol/caf_error.hpp"
#include "protocol/wire/build.hpp"
#include "runtime/testing/deterministic_system.hpp"
#include "schema/gateway.capnp.h"
#include "schema/graph.capnp.h"
#include "schema/text.hpp"
#include "schema/value_codec.hpp"

using namespace ds;
using namespace ds::actors;

namespace {

constexpr uint32_t kShards = 3;
using Edge = std::tuple<std::string, std::string, std::string>;
using Reached = std::tuple<uint32_t, std::string, std::string>;  // hops, key, type

struct Fixture : ShardedGateway {
  Fixture() : ShardedGateway({kShards, false, [](GatewayOptions& o) { o.max_hops = 3; }}) {}

  Result<wire::Envelope> import(const std::vector<std::string>& nodes,
                                const std::vector<Edge>& edges) {
    return call(import_atom::value,
                wire::build<schema::ImportRequest>([&](schema::ImportRequest::Builder r) {
                  auto list = r.initNodes(static_cast<unsigned>(nodes.size()));
                  for (unsigned i = 0; i < nodes.size(); ++i) {
                    list[i].setKey(nodes[i]);
                    list[i].initLabels(1).set(0, "Thing");
                    schema::write_properties(list[i].initProperties(1),
                                             {{"name", "node " + nodes[i]}});
                  }
                  auto out = r.initEdges(static_cast<unsigned>(edges.size()));
                  for (unsigned i = 0; i < edges.size(); ++i) {
                    out[i].setSrc(std::get<0>(edges[i]));
                    out[i].setType(std::get<1>(edges[i]));
                    out[i].setDst(std::get<2>(edges[i]));
                  }
                }));
  }

  /// nodes, edges, in entries
  std::tuple<uint64_t, uint64_t, uint64_t> stats() {
    auto reply = call(stats_atom::value);
    BOOST_REQUIRE(reply.ok());
    return *wire::read<schema::GraphStats>(*reply, [](schema::GraphStats::Reader s) {
      return std::tuple{s.getNodes(), s.getEdges(), s.getInEntries()};
    });
  }

  /// A key on another shard than `key`'s.
  std::string key_elsewhere(const std::string& key) {
    for (int i = 0;; ++i)
      if (map->shard_of_key("b" + std::to_string(i)) != map->shard_of_key(key))
        return "b" + std::to_string(i);
  }

  storage::EntityId id_of(const std::string& key) {
    auto reply = ask<wire::Envelope>(
        map->actor(map->shard_of_key(key)), lookup_atom::value,
        wire::build<schema::NodeLookup>([&](auto l) { l.initKeys(1).set(0, key); }));
    return *wire::read<schema::NodeList>(std::get<wire::Envelope>(reply),
                                         [](auto list) { return list.getNodes()[0].getId(); });
  }

  /// What step 2 of a write leaves on `src`'s shard when the node dies before
  /// `dst`'s shard got its part: the `out` entry, and the `in` entry owed.
  void put_out_entry_only(const std::string& src, const std::string& dst, uint64_t batch_id) {
    auto written = ask<wire::Envelope>(
        map->actor(map->shard_of_key(src)), write_atom::value,
        wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder w) {
          auto out = w.initOutEdges(1)[0];
          out.setFirst(id_of(src)), out.setType("next"), out.setSecond(id_of(dst));
          w.setBatchId(batch_id);
          auto owed = w.initOwed(1)[0];
          owed.setShard(map->shard_of_key(dst));
          auto in = owed.initInEdges(1)[0];
          in.setFirst(id_of(dst)), in.setType("next"), in.setSecond(id_of(src));
        }));
    BOOST_REQUIRE(std::holds_alternative<wire::Envelope>(written));
  }

  Result<std::vector<Reached>> neighbours(const std::string& key, uint32_t hops,
                                          schema::Direction direction = schema::Direction::OUT) {
    auto reply = call(neighbours_atom::value, wire::build<schema::NeighboursRequest>([&](auto r) {
                        r.setKey(key);
                        r.setHops(hops);
                        r.setDirection(direction);
                      }));
    if (!reply) return reply.error();
    return wire::read<schema::NeighboursResponse>(*reply, [](schema::NeighboursResponse::Reader r) {
      std::vector<Reached> out;
      for (auto n : r.getNeighbours())
        out.emplace_back(n.getHops(), schema::to_string(n.getKey()), schema::to_string(n.getType()));
      return out;
    });
  }
};

Error error_of(const Result<wire::Envelope>& result) {
  BOOST_REQUIRE(!result.ok());
  return result.error();
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(an_import_spreads_over_the_shards_and_reads_back, Fixture) {
  std::vector<std::string> nodes{"a", "b", "c", "d", "e", "f"};
  std::vector<Edge> edges{{"a", "next", "b"}, {"b", "next", "c"}, {"c", "next", "d"},
                          {"a", "other", "e"}, {"x", "next", "a"}};
  BOOST_REQUIRE(import(nodes, edges).ok());
  BOOST_TEST((stats() == std::tuple<uint64_t, uint64_t, uint64_t>{7, 5, 5}));  // x is bare
  auto node = call(lookup_atom::value, wire::build<schema::NodeRequest>([](auto r) {
                     r.setKey("c");
                   }));
  BOOST_REQUIRE(node.ok());
  auto read = wire::read<schema::NodeData>(*node, [](schema::NodeData::Reader n) {
    BOOST_TEST(schema::to_string(n.getKey()) == "c");
    BOOST_TEST(schema::to_string(n.getLabels()[0]) == "Thing");
  });
  BOOST_TEST(read.ok());
  auto reached = neighbours("a", 3);
  BOOST_REQUIRE(reached.ok());
  std::vector<Reached> expected{{1, "b", "next"}, {1, "e", "other"}, {2, "c", "next"},
                                {3, "d", "next"}};
  BOOST_TEST((*reached == expected));
  auto both = neighbours("a", 1, schema::Direction::BOTH);
  BOOST_TEST((*both == std::vector<Reached>{{1, "b", "next"}, {1, "e", "other"}, {1, "x", "next"}}));
  // The same batch again changes nothing.
  BOOST_REQUIRE(import(nodes, edges).ok());
  BOOST_TEST((stats() == std::tuple<uint64_t, uint64_t, uint64_t>{7, 5, 5}));
}

BOOST_FIXTURE_TEST_CASE(one_bad_item_refuses_the_whole_batch, Fixture) {
  auto empty_type = error_of(import({"a", "b"}, {{"a", "next", "b"}, {"b", "", "a"}}));
  BOOST_TEST((empty_type.code == errc::invalid_argument));
  BOOST_TEST(empty_type.message.find("edges[1]: ") == 0u, empty_type.message);
  BOOST_TEST(empty_type.message.find("nothing was imported") != std::string::npos);
  auto not_utf8 = error_of(import({"ok", "caf\xe9"}, {}));
  BOOST_TEST(not_utf8.message.find("nodes[1]: key is not valid UTF-8 (byte 3)") == 0u,
             not_utf8.message);
  auto long_key = error_of(import({std::string(5000, 'k')}, {}));
  BOOST_TEST(long_key.message.find("nodes[0]: ") == 0u, long_key.message);
  BOOST_TEST((stats() == std::tuple<uint64_t, uint64_t, uint64_t>{0, 0, 0}));
}

BOOST_FIXTURE_TEST_CASE(neighbours_of_an_unknown_key_or_too_many_hops_are_errors, Fixture) {
  BOOST_REQUIRE(import({"a", "b"}, {{"a", "next", "b"}}).ok());
  auto unknown = neighbours("zzz", 1);
  BOOST_REQUIRE(!unknown.ok());
  BOOST_TEST((unknown.error().code == errc::not_found));
  for (uint32_t hops : {0u, 4u}) {
    auto bad = neighbours("a", hops);
    BOOST_REQUIRE(!bad.ok());
    BOOST_TEST((bad.error().code == errc::invalid_argument));
    BOOST_TEST(bad.error().message.find("outside 1..3 (the node's graph.max_hops)") !=
               std::string::npos);
  }
}

BOOST_FIXTURE_TEST_CASE(repair_completes_an_edge_a_crash_left_with_one_side, Fixture) {
  // Two keys on different shards, imported as nodes only.
  std::string a = "a", b = key_elsewhere(a);
  BOOST_REQUIRE(import({a, b}, {}).ok());
  put_out_entry_only(a, b, 5);
  BOOST_TEST((stats() == std::tuple<uint64_t, uint64_t, uint64_t>{2, 1, 0}));
  auto repaired = call(repair_atom::value);
  BOOST_REQUIRE(repaired.ok());
  auto counts = wire::read<schema::RepairResponse>(*repaired, [](schema::RepairResponse::Reader r) {
    return std::pair{r.getBatches(), r.getWrites()};
  });
  BOOST_TEST((*counts == std::pair<uint32_t, uint32_t>{1, 1}));
  BOOST_TEST((stats() == std::tuple<uint64_t, uint64_t, uint64_t>{2, 1, 1}));
  auto again = call(repair_atom::value);  // settled: nothing left to replay
  BOOST_TEST(*wire::read<schema::RepairResponse>(*again, [](auto r) { return r.getBatches(); }) ==
             0u);
  BOOST_TEST((*neighbours(b, 1, schema::Direction::IN) == std::vector<Reached>{{1, a, "next"}}));
}

BOOST_FIXTURE_TEST_CASE(repair_removes_an_edge_whose_source_another_write_deleted, Fixture) {
  // Query 1 put a -> b's `out` entry (b's shard owes the `in`); query 2
  // deleted a, with that entry (b's shard owes the `in`'s delete); the node
  // died before either sent what b's shard owes. The repair replays in
  // batch-id order: the delete (3), then the put (9), whose node b is there.
  std::string a = "a", b = key_elsewhere(a);
  BOOST_REQUIRE(import({a, b}, {}).ok());
  auto ida = id_of(a);
  put_out_entry_only(a, b, 9);
  auto deleted =
      ask<wire::Envelope>(map->actor(map->shard_of_key(a)), write_atom::value,
                          wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder w) {
                            w.initDeleteNodes(1).set(0, ida);
                            w.setBatchId(3);
                          }));
  BOOST_REQUIRE(std::holds_alternative<wire::Envelope>(deleted));
  BOOST_TEST((stats() == std::tuple<uint64_t, uint64_t, uint64_t>{1, 0, 0}));
  auto repaired = call(repair_atom::value);
  BOOST_REQUIRE(repaired.ok());
  BOOST_TEST(
      *wire::read<schema::RepairResponse>(*repaired, [](auto r) { return r.getBatches(); }) == 2u);
  // Without the endpoint check, b kept an `in` entry from the deleted a.
  BOOST_TEST((stats() == std::tuple<uint64_t, uint64_t, uint64_t>{1, 0, 0}));
  BOOST_TEST(neighbours(b, 1, schema::Direction::IN)->empty());
}

BOOST_FIXTURE_TEST_CASE(a_shard_that_is_down_makes_requests_unavailable, Fixture) {
  BOOST_REQUIRE(import({"a"}, {}).ok());
  self->send_exit(map->actor(map->shard_of_key("a")), caf::exit_reason::kill);
  sched.run();
  auto down = error_of(import({"a"}, {}));
  BOOST_TEST((down.code == errc::unavailable));
  BOOST_TEST(down.message.find("is restarting; retry the request") != std::string::npos,
             down.message);
}

BOOST_FIXTURE_TEST_CASE(concurrent_traversals_share_shard_messages_and_get_their_own_answers,
                        Fixture) {
  std::vector<std::string> nodes{"a", "b", "c", "d", "e", "f", "g", "h"};
  std::vector<Edge> edges{{"a", "next", "b"}, {"b", "next", "c"}, {"c", "next", "d"},
                          {"d", "next", "e"}, {"e", "next", "f"}, {"f", "next", "g"},
                          {"g", "next", "h"}, {"a", "other", "h"}};
  BOOST_REQUIRE(import(nodes, edges).ok());
  std::map<std::string, std::vector<Reached>> alone;
  for (const auto& key : nodes) {
    auto reached = neighbours(key, 2);
    BOOST_REQUIRE(reached.ok());
    alone[key] = *reached;
  }
  // Every request is in the gateway's mailbox before it runs: their hops'
  // reads to a shard go out together (ShardReadBatch), answers split apart.
  using Handle = decltype(self->request(gateway, caf::infinite, neighbours_atom::value,
                                        wire::Envelope{}));
  std::vector<Handle> handles;
  for (const auto& key : nodes)
    handles.push_back(self->request(gateway, caf::infinite, neighbours_atom::value,
                                    wire::build<schema::NeighboursRequest>([&](auto r) {
                                      r.setKey(key);
                                      r.setHops(2);
                                    })));
  sched.run();
  for (std::size_t i = 0; i < nodes.size(); ++i)
    handles[i].receive(
        [&](wire::Envelope& reply) {
          auto got = wire::read<schema::NeighboursResponse>(reply, [](auto r) {
            std::vector<Reached> out;
            for (auto n : r.getNeighbours())
              out.emplace_back(n.getHops(), schema::to_string(n.getKey()),
                               schema::to_string(n.getType()));
            return out;
          });
          BOOST_TEST((*got == alone[nodes[i]]), nodes[i]);
        },
        [&](caf::error& error) { BOOST_FAIL(protocol::from_caf(error).message); });
}
