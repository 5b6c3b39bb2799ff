// The cross-shard protocol under failure, every step of it: an import, a
// writing query and the repair, each first run without faults to record its
// points (every write, lookup and outbox read a shard receives), then once
// per point and fault (the shard refuses, loses the request, dies before or
// after writing: testing/faulty_shard.hpp). After each: what a reader sees
// is whole or repairable (an edge with one side is owed by an outbox
// record), an acknowledged write is whole, and once the shard is back the
// repair leaves every edge whole or absent, none to a deleted node, and no
// record behind. Real graph shards with RocksDB stores, the gateway and the
// query engine, on the deterministic scheduler.

#define BOOST_TEST_MODULE shard_transaction
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "actors/gateway/gateway_fixture.hpp"
#include "actors/transaction/testing/faulty_shard.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/read.hpp"
#include "schema/gateway.capnp.h"
#include "schema/query.capnp.h"
#include "schema/text.hpp"

using namespace ds;
using namespace ds::actors;
namespace faults = ds::actors::testing;
using faults::Fault;
using faults::Trace;

namespace {

constexpr uint32_t kShards = 3;
const Fault kFaults[] = {Fault::refuse, Fault::lose, Fault::die_before, Fault::die_after};

struct Edge {
  std::string src, type, dst;
  friend auto operator<=>(const Edge&, const Edge&) = default;
};

/// The gateway's cluster with each shard behind a stand-in that fails at
/// the trace's armed point.
struct Cluster : ShardedGateway {
  std::shared_ptr<Trace> trace = std::make_shared<Trace>();
  std::vector<protocol::graph_shard_actor> real;
  std::map<std::string, storage::EntityId> ids;  ///< every node's id once seen

  Cluster() : ShardedGateway({kShards}) {
    for (uint32_t i = 0; i < kShards; ++i)
      real.push_back(map->actor(i));
    stand_in();
  }
  ~Cluster() { restart(); }

  /// Puts the stand-ins in the shard map; points count from here.
  void stand_in() {
    trace->points.clear();
    for (uint32_t i = 0; i < kShards; ++i)
      map->publish(i, faults::spawn_faulty_shard(system(), real[i], i, trace));
  }
  /// The shards back, as a supervisor restarts them: the same stores.
  void restart() {
    for (uint32_t i = 0; i < kShards; ++i)
      map->publish(i, real[i]);
  }

  /// Asks the gateway, letting time pass until nothing is left to run (a
  /// lost request times out).
  template <class... Ts>
  Result<wire::Envelope> ask_gateway(Ts&&... xs) {
    auto reply = ask_letting_time_pass<wire::Envelope>(gateway, std::forward<Ts>(xs)...);
    if (auto* error = std::get_if<caf::error>(&reply)) return protocol::from_caf(*error);
    return std::get<wire::Envelope>(reply);
  }

  Result<wire::Envelope> import(const std::vector<std::string>& nodes,
                                const std::vector<Edge>& edges) {
    return ask_gateway(import_atom::value,
                       wire::build<schema::ImportRequest>([&](schema::ImportRequest::Builder r) {
                         auto list = r.initNodes(static_cast<unsigned>(nodes.size()));
                         for (unsigned i = 0; i < nodes.size(); ++i)
                           list[i].setKey(nodes[i]);
                         auto out = r.initEdges(static_cast<unsigned>(edges.size()));
                         for (unsigned i = 0; i < edges.size(); ++i) {
                           out[i].setSrc(edges[i].src);
                           out[i].setType(edges[i].type);
                           out[i].setDst(edges[i].dst);
                         }
                       }));
  }

  /// A query's result: ok when it ran (InferResponse without `failed`).
  Result<void> query(const std::string& text) {
    auto reply = ask_gateway(infer_atom::value,
                             wire::build<schema::InferRequest>([&](auto r) { r.setQuery(text); }));
    if (!reply) return reply.error();
    auto failure = wire::read<schema::InferResponse>(*reply, [](auto r) {
      return r.getFailed() ? schema::to_string(r.getFailure().getMessage()) : std::string();
    });
    if (!failure) return failure.error();
    if (!failure->empty()) return make_error(errc::unavailable, *failure);
    return {};
  }

  Result<void> repair() {
    auto reply = ask_gateway(repair_atom::value);
    if (!reply) return reply.error();
    return {};
  }

  std::shared_ptr<storage::GraphStore> store(uint32_t shard) {
    return *stores.at(shard)->acquire();
  }
  /// The id of `key`'s node; nullopt when there is none.
  std::optional<storage::EntityId> id_of(const std::string& key) {
    auto id = *store(map->shard_of_key(key))->find(key);
    if (id) ids[key] = *id;
    return id;
  }
  /// Whether `edge`'s `out` entry (at its source's shard) and `in` entry (at
  /// its target's) are stored; by the ids its nodes had, so that the entries
  /// of a deleted node's edges are seen.
  std::pair<bool, bool> sides(const Edge& edge) {
    id_of(edge.src), id_of(edge.dst);
    if (!ids.count(edge.src) || !ids.count(edge.dst)) return {false, false};
    auto src = ids[edge.src], dst = ids[edge.dst];
    auto has = [&](storage::EntityId from, storage::EntityId to, storage::Direction direction) {
      auto reached = store(map->shard_of_id(from))->neighbours(from, {edge.type}, direction);
      BOOST_REQUIRE(reached.ok());
      for (const auto& n : *reached)
        if (n.id == to) return true;
      return false;
    };
    return {has(src, dst, storage::Direction::out), has(dst, src, storage::Direction::in)};
  }
  /// Whether an outbox record owes what makes `edge` whole or absent again:
  /// the put of its missing entry, or the delete of the one there.
  bool owed(const Edge& edge, bool out_missing) {
    auto src = ids.at(edge.src), dst = ids.at(edge.dst);
    auto names = [&](capnp::List<schema::EdgeEntry>::Reader list, bool out) {
      for (auto e : list)
        if (e.getFirst() == (out ? src : dst) && e.getSecond() == (out ? dst : src)) return true;
      return false;
    };
    for (uint32_t shard = 0; shard < kShards; ++shard) {
      auto outbox = store(shard)->outbox();
      BOOST_REQUIRE(outbox.ok());
      for (const auto& record : *outbox) {
        auto owed = wire::Envelope::from_bytes(record.writes.data(), record.writes.size());
        bool found = *wire::read<schema::OwedWrite>(*owed, [&](schema::OwedWrite::Reader w) {
          return out_missing ? names(w.getOutEdges(), true) || names(w.getDeleteInEdges(), false)
                             : names(w.getInEdges(), false) || names(w.getDeleteOutEdges(), true);
        });
        if (found) return true;
      }
    }
    return false;
  }
  std::size_t records() {
    std::size_t n = 0;
    for (uint32_t shard = 0; shard < kShards; ++shard)
      n += store(shard)->outbox()->size();
    return n;
  }
};

/// Keys spread over the shards: `count` of them, at least one per shard.
std::vector<std::string> spread_keys(const ShardMap& map, std::size_t count) {
  std::vector<std::string> keys;
  std::set<uint32_t> shards;
  for (int i = 0; keys.size() < count || shards.size() < kShards; ++i) {
    keys.push_back("k" + std::to_string(i));
    shards.insert(map.shard_of_key(keys.back()));
  }
  return keys;
}

/// The edges a scenario touches, and what it promises once acknowledged.
struct Edges {
  std::vector<Edge> whole;  ///< there from both sides
  std::vector<Edge> gone;   ///< there from neither

  std::vector<Edge> all() const {
    auto out = whole;
    out.insert(out.end(), gone.begin(), gone.end());
    return out;
  }
};

std::string name_of(const std::string& what, const Edge& edge) {
  return what + ": " + edge.src + "-[" + edge.type + "]->" + edge.dst;
}

/// What every case checks after its faulty run (`acknowledged`: the client
/// was told it succeeded): each edge is whole, absent or owed by a record.
void check_visible(Cluster& cluster, const Edges& edges, bool acknowledged,
                   const std::string& what) {
  for (const auto& edge : edges.all()) {
    auto [out, in] = cluster.sides(edge);
    auto name = name_of(what, edge);
    if (out != in)
      BOOST_TEST(cluster.owed(edge, !out),
                 name << " has one side and no record owes its other side or its delete: no "
                         "repair would mend it");
  }
  if (!acknowledged) return;
  for (const auto& edge : edges.whole) {
    auto [out, in] = cluster.sides(edge);
    BOOST_TEST((out && in), name_of(what, edge) << " was acknowledged but is not whole");
  }
  for (const auto& edge : edges.gone) {
    auto [out, in] = cluster.sides(edge);
    BOOST_TEST(!(out || in), name_of(what, edge) << " was acknowledged deleted but is there");
  }
}

/// And again after the shard is back and the repair ran: every edge whole
/// or absent, none to a deleted node, nothing acknowledged undone, no
/// record left.
void check_repaired(Cluster& cluster, const Edges& edges, bool acknowledged,
                    const std::string& what) {
  cluster.restart();
  auto repaired = cluster.repair();
  BOOST_REQUIRE_MESSAGE(repaired.ok(), what << ": the repair failed: " << repaired.error().message);
  for (const auto& edge : edges.all()) {
    auto [out, in] = cluster.sides(edge);
    auto name = name_of(what, edge);
    BOOST_TEST(out == in, name << " has one side after the repair");
    bool endpoints = cluster.id_of(edge.src) && cluster.id_of(edge.dst);
    if (!endpoints) BOOST_TEST(!out, name << " survives its deleted node");
  }
  check_visible(cluster, edges, acknowledged, what + ", repaired");
  BOOST_TEST(cluster.records() == 0u, what << ": outbox records remain after the repair");
}

/// Runs `scenario` once without faults for its points, then once per point
/// and fault on a fresh cluster; `scenario(cluster)` returns whether the
/// client was told it succeeded, after `setup(cluster)` prepared the stores.
template <class Setup, class Scenario>
void every_point_and_fault(Setup setup, Scenario scenario, const Edges& edges,
                           std::size_t least_points) {
  std::vector<faults::Point> points;
  {
    Cluster cluster;
    setup(cluster);
    for (const auto& edge : edges.all())
      cluster.sides(edge);  // learns the ids there are
    cluster.stand_in();
    BOOST_REQUIRE(scenario(cluster));
    points = cluster.trace->points;
    check_visible(cluster, edges, true, "without faults");
  }
  BOOST_TEST_REQUIRE(points.size() >= least_points);
  BOOST_TEST_MESSAGE(points.size() << " points, each failed in " << std::size(kFaults) << " ways");
  for (const auto& point : points)
    for (auto fault : kFaults) {
      Cluster cluster;
      setup(cluster);
      for (const auto& edge : edges.all())
        cluster.sides(edge);
      cluster.stand_in();
      cluster.trace->armed = point.index;
      cluster.trace->fault = fault;
      bool acknowledged = scenario(cluster);
      auto what = "shard " + std::to_string(point.shard) + " " + faults::to_string(fault) +
                  " at point " + std::to_string(point.index) + " (a " + point.kind + ")";
      BOOST_TEST_REQUIRE(cluster.trace->struck, what << " was never reached: the run changed");
      check_visible(cluster, edges, acknowledged, what);
      check_repaired(cluster, edges, acknowledged, what);
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_import_cut_at_any_point_is_whole_after_the_repair) {
  std::vector<std::string> keys;
  std::vector<Edge> edges;
  {
    Cluster probe;
    keys = spread_keys(*probe.map, 6);
  }
  for (std::size_t i = 0; i < keys.size(); ++i)  // a ring: every pair of shards shares edges
    edges.push_back({keys[i], "next", keys[(i + 1) % keys.size()]});
  edges.push_back({keys[0], "self", keys[0]});
  every_point_and_fault([](Cluster&) {}, [&](Cluster& c) { return c.import(keys, edges).ok(); },
                        Edges{edges, {}},
                        2 * kShards);  // the nodes and the edges steps at least
}

BOOST_AUTO_TEST_CASE(a_writing_query_cut_at_any_point_is_whole_after_the_repair) {
  // A query that creates relationships across shards and detaches and
  // deletes a node whose relationships span shards too.
  std::vector<std::string> keys;
  {
    Cluster probe;
    keys = spread_keys(*probe.map, 4);
  }
  std::vector<Edge> imported;
  for (std::size_t i = 1; i < keys.size(); ++i)
    imported.push_back({keys[0], "has", keys[i]});
  std::vector<Edge> made = {{keys[1], "made", keys[2]}, {keys[2], "made", keys[3]}};
  auto text = "MATCH (a {`~key`: '" + keys[1] + "'}), (b {`~key`: '" + keys[2] +
              "'}), (c {`~key`: '" + keys[3] + "'}), (d {`~key`: '" + keys[0] +
              "'}) CREATE (a)-[:made]->(b), (b)-[:made]->(c) DETACH DELETE d";
  every_point_and_fault(
      [&](Cluster& c) {
        c.restart();
        BOOST_REQUIRE(c.import(keys, imported).ok());
      },
      [&](Cluster& c) { return c.query(text).ok(); }, Edges{made, imported}, 2 * kShards);
}

BOOST_AUTO_TEST_CASE(a_repair_cut_at_any_point_completes_when_run_again) {
  // What a crash in an import's edges step leaves: entries on the shards
  // that committed, with their records of what the others owe.
  std::vector<std::string> keys;
  std::vector<Edge> edges;
  {
    Cluster probe;
    keys = spread_keys(*probe.map, 4);
  }
  for (std::size_t i = 0; i + 1 < keys.size(); ++i)
    edges.push_back({keys[i], "next", keys[i + 1]});
  auto setup = [&](Cluster& c) {
    // The first write of the edges step is lost (its shard never writes).
    c.trace->armed = kShards + 0;
    c.trace->fault = Fault::lose;
    BOOST_REQUIRE(!c.import(keys, edges).ok());
    c.restart();
    c.trace->armed.reset();
  };
  every_point_and_fault(
      setup, [&](Cluster& c) { return c.repair().ok(); }, Edges{edges, {}}, kShards);
}
