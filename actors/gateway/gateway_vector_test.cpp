#define BOOST_TEST_MODULE actors_gateway_vector
// The gateway's vector requests over real shard pairs (a graph shard and a
// vector shard sharing a RocksDB store in a temporary directory), on the
// deterministic scheduler.
#include <cmath>
#include <map>
#include <string>
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
#include "schema/text.hpp"
#include "storage/graph/graph_records.hpp"

using namespace ds;
using namespace ds::actors;

namespace {

constexpr uint32_t kShards = 3;
using Hits = std::vector<std::pair<std::string, float>>;

struct Fixture : ShardedGateway {
  Fixture() : ShardedGateway({kShards, true, [](GatewayOptions& o) { o.max_k = 50; }}) {}

  Result<wire::Envelope> define(const std::string& name, uint32_t dim,
                                const std::string& metric = "l2") {
    return call(define_atom::value,
                wire::build<schema::SpaceDefineRequest>([&](schema::SpaceDefineRequest::Builder r) {
                  auto space = r.initSpace();
                  space.setName(name);
                  space.setDim(dim);
                  space.setMetric(metric);
                  space.setIndex("Flat");
                }));
  }

  Result<uint32_t> upsert(const std::vector<std::string>& keys, const std::vector<float>& rows) {
    auto reply = call(upsert_atom::value, wire::build<schema::VectorUpsertRequest>([&](auto r) {
                        r.setSpace("emb");
                        auto list = r.initKeys(static_cast<unsigned>(keys.size()));
                        for (unsigned i = 0; i < keys.size(); ++i)
                          list.set(i, keys[i]);
                        auto numbers = r.initRows(static_cast<unsigned>(rows.size()));
                        for (unsigned i = 0; i < rows.size(); ++i)
                          numbers.set(i, rows[i]);
                      }));
    if (!reply) return reply.error();
    return wire::read<schema::VectorWriteResponse>(*reply, [](auto r) { return r.getCount(); });
  }

  Result<uint32_t> erase(const std::vector<std::string>& keys) {
    auto reply = call(erase_atom::value, wire::build<schema::VectorDeleteRequest>([&](auto r) {
                        r.setSpace("emb");
                        auto list = r.initKeys(static_cast<unsigned>(keys.size()));
                        for (unsigned i = 0; i < keys.size(); ++i)
                          list.set(i, keys[i]);
                      }));
    if (!reply) return reply.error();
    return wire::read<schema::VectorWriteResponse>(*reply, [](auto r) { return r.getCount(); });
  }

  Result<Hits> search(const std::vector<float>& query, uint32_t k,
                      const std::vector<std::string>* filter = nullptr,
                      const std::string& space = "emb") {
    auto reply = call(search_atom::value, wire::build<schema::VectorQuery>([&](auto r) {
                        r.setSpace(space);
                        auto q = r.initQueries(static_cast<unsigned>(query.size()));
                        for (unsigned i = 0; i < query.size(); ++i)
                          q.set(i, query[i]);
                        r.setK(k);
                        if (!filter) return;
                        r.setHasFilter(true);
                        auto keys = r.initFilterKeys(static_cast<unsigned>(filter->size()));
                        for (unsigned i = 0; i < filter->size(); ++i)
                          keys.set(i, (*filter)[i]);
                      }));
    if (!reply) return reply.error();
    return wire::read<schema::VectorQueryResponse>(*reply, [](auto r) {
      Hits hits;
      for (auto hit : r.getResults()[0].getHits())
        hits.emplace_back(schema::to_string(hit.getKey()), hit.getScore());
      return hits;
    });
  }

  std::map<std::string, uint64_t> spaces() {
    auto reply = call(spaces_atom::value);
    BOOST_REQUIRE(reply.ok());
    return *wire::read<schema::SpaceList>(*reply, [](auto list) {
      std::map<std::string, uint64_t> out;
      for (auto space : list.getSpaces())
        out[schema::to_string(space.getSpec().getName())] = space.getVectors();
      return out;
    });
  }
};

/// Points on a line: key "p<i>" at (i, 0).
std::pair<std::vector<std::string>, std::vector<float>> line(int count) {
  std::vector<std::string> keys;
  std::vector<float> rows;
  for (int i = 0; i < count; ++i) {
    keys.push_back("p" + std::to_string(i));
    rows.push_back(static_cast<float>(i));
    rows.push_back(0);
  }
  return {keys, rows};
}

std::vector<std::string> keys_of(const Hits& hits) {
  std::vector<std::string> keys;
  for (const auto& hit : hits)
    keys.push_back(hit.first);
  return keys;
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(the_nearest_vectors_over_every_shard_merge_exactly, Fixture) {
  BOOST_REQUIRE(define("emb", 2).ok());
  auto [keys, rows] = line(30);
  BOOST_TEST(*upsert(keys, rows) == 30u);
  auto hits = search({10.2f, 0}, 3);
  BOOST_REQUIRE_MESSAGE(hits.ok(), (hits.ok() ? "" : hits.error().message));
  BOOST_TEST((keys_of(*hits) == std::vector<std::string>{"p10", "p11", "p9"}));
  BOOST_TEST(std::abs(hits->front().second - 0.2f) < 1e-4f);  // l2: the distance
  BOOST_TEST(spaces().at("emb") == 30u);
  // Only among some nodes: "nearest among the neighbours of X" in one call.
  std::vector<std::string> only{"p0", "p25", "p29", "nobody"};
  BOOST_TEST((keys_of(*search({10.2f, 0}, 2, &only)) == std::vector<std::string>{"p0", "p25"}));
}

BOOST_FIXTURE_TEST_CASE(a_rejected_request_stores_nothing_and_says_why, Fixture) {
  BOOST_REQUIRE(define("emb", 2).ok());
  auto [keys, rows] = line(6);
  auto short_rows = upsert(keys, std::vector<float>(rows.begin(), rows.end() - 1));
  BOOST_REQUIRE(!short_rows.ok());
  BOOST_TEST(short_rows.error().message.find("rows: 11 numbers for 6 keys; space \"emb\" has "
                                             "dimension 2, so 12 were expected") == 0u,
             short_rows.error().message);
  rows[9] = NAN;
  auto nan = upsert(keys, rows);
  BOOST_REQUIRE(!nan.ok());
  BOOST_TEST(nan.error().message == "vectors[4]: row[1] is NaN; vectors take finite numbers only");
  BOOST_TEST(spaces().at("emb") == 0u);  // no shard wrote anything
  auto unknown = search({0, 0}, 1, nullptr, "nope");
  BOOST_REQUIRE(!unknown.ok());
  BOOST_TEST((unknown.error().code == errc::not_found));
  auto big_k = search({0, 0}, 51);
  BOOST_REQUIRE(!big_k.ok());
  BOOST_TEST(big_k.error().message.find("k: 51 is outside 1..50") == 0u, big_k.error().message);
  auto bad_dim = search({0, 0, 0}, 1);
  BOOST_REQUIRE(!bad_dim.ok());
  BOOST_TEST(bad_dim.error().message.find("has dimension 2") != std::string::npos);
  auto redefined = define("emb", 3);
  BOOST_REQUIRE(!redefined.ok());
  BOOST_TEST((redefined.error().code == errc::already_exists));
  BOOST_TEST(define("emb", 2).ok());  // the same spec again changes nothing
}

BOOST_FIXTURE_TEST_CASE(deleted_vectors_are_no_longer_found, Fixture) {
  BOOST_REQUIRE(define("emb", 2).ok());
  auto [keys, rows] = line(10);
  BOOST_REQUIRE(upsert(keys, rows).ok());
  BOOST_TEST(*erase({"p3", "p4", "never"}) == 2u);
  BOOST_TEST((keys_of(*search({3.4f, 0}, 2)) == std::vector<std::string>{"p2", "p5"}));
  BOOST_TEST(*erase({"p3"}) == 0u);  // again: nothing left to delete
  // Upserting a deleted key brings it back with its new vector.
  BOOST_REQUIRE(upsert({"p3"}, {100, 0}).ok());
  BOOST_TEST((keys_of(*search({99, 0}, 1)) == std::vector<std::string>{"p3"}));
  BOOST_TEST(spaces().at("emb") == 9u);
}
