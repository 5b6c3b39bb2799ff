#define BOOST_TEST_MODULE actors_vector_shard
#include "actors/vector_shard/vector_shard.hpp"

#include <cmath>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>

#include <boost/test/unit_test.hpp>
#include <caf/exit_reason.hpp>

#include "actors/compute_unit/compute_units.hpp"
#include "common/testing/temp_dir.hpp"
#include "kernels/select_backend.hpp"
#include "protocol/caf_error.hpp"
#include "protocol/testing/manual_clock.hpp"
#include "protocol/wire/build.hpp"
#include "runtime/testing/deterministic_system.hpp"
#include "schema/compute.capnp.h"
#include "schema/vector.capnp.h"
#include "storage/graph/graph_write_batch.hpp"

using namespace ds;
using namespace ds::actors;

namespace {

using Hits = std::vector<std::vector<std::pair<uint64_t, float>>>;

/// The node's best compute unit: a GPU's where the machine has one (the
/// gpu check runs this test there), else the CPU's, as a node without GPUs
/// searches `device: gpu` spaces.
protocol::compute_unit_actor best_unit(caf::actor_system& system) {
  ComputeUnitOptions options;
  options.backend = kernels::select_backend().backend;
  options.detached = false;
  return spawn_compute_unit(system, std::move(options));
}

struct Fixture : testing::DeterministicSystem {
  testing::TempDir dir{"ds-vector-shard"};
  std::shared_ptr<storage::GraphStore> store;
  std::vector<storage::EntityId> ids;  // nodes n0..n4, vectors (i, 0)
  std::shared_ptr<ComputeUnits> units = std::make_shared<ComputeUnits>(0);
  protocol::vector_shard_actor shard;

  Fixture() {
    auto opened = storage::GraphStore::open(dir.path());
    BOOST_REQUIRE(opened.ok());
    store = std::move(opened).value();
    storage::GraphWriteBatch batch(*store);
    BOOST_REQUIRE(batch.put_space({"points", 2, storage::Metric::l2, "Flat", {}}).ok());
    for (int i = 0; i < 5; ++i) {
      ids.push_back(*batch.upsert_node("n" + std::to_string(i), {}, {}));
      std::vector<float> v{static_cast<float>(i), 0};
      BOOST_REQUIRE(batch.put_vector("points", ids.back(), v).ok());
    }
    BOOST_REQUIRE(batch.commit().ok());
    units->publish(units->cpu_slot(), best_unit(system()));
    VectorShardOptions options;
    options.store = store;
    options.detached = false;
    options.compute = units;
    options.device_upload_floats = 64;  // gpu spaces travel in many parts
    auto spawned = spawn_vector_shard(system(), options);
    BOOST_REQUIRE_MESSAGE(spawned.ok(), (spawned.ok() ? "" : spawned.error().message));
    shard = *spawned;
  }
  ~Fixture() {
    self->send_exit(shard, caf::exit_reason::user_shutdown);
    self->send_exit(units->unit(units->cpu_slot()), caf::exit_reason::user_shutdown);
    sched.run();
  }

  static wire::Envelope search_request(const std::string& space, std::vector<float> queries,
                                       uint32_t k, const std::vector<uint64_t>* filter = nullptr) {
    return wire::build<schema::VectorSearchRequest>([&](schema::VectorSearchRequest::Builder r) {
      r.setSpace(space);
      auto list = r.initQueries(static_cast<unsigned>(queries.size()));
      for (unsigned i = 0; i < queries.size(); ++i)
        list.set(i, queries[i]);
      r.setK(k);
      if (filter) {
        r.setHasFilter(true);
        auto ids = r.initFilter(static_cast<unsigned>(filter->size()));
        for (unsigned i = 0; i < filter->size(); ++i)
          ids.set(i, (*filter)[i]);
      }
    });
  }

  static Hits decode(const wire::Envelope& reply) {
    return *wire::read<schema::VectorSearchResponse>(
        reply, [](schema::VectorSearchResponse::Reader response) {
          Hits out;
          for (auto result : response.getResults()) {
            out.emplace_back();
            for (auto hit : result.getHits())
              out.back().emplace_back(hit.getId(), hit.getScore());
          }
          return out;
        });
  }

  Result<Hits> search(const std::string& space, std::vector<float> queries, uint32_t k,
                      const std::vector<uint64_t>* filter = nullptr) {
    auto reply = ask<wire::Envelope>(shard, search_atom::value,
                                     search_request(space, std::move(queries), k, filter));
    if (auto* error = std::get_if<caf::error>(&reply)) return protocol::from_caf(*error);
    return decode(std::get<wire::Envelope>(reply));
  }

  /// The shard's unit's (uploads, updates).
  std::pair<uint64_t, uint64_t> unit_counts() {
    auto reply = ask<wire::Envelope>(units->unit(units->cpu_slot()), stats_atom::value);
    return *wire::read<schema::ComputeUnitStats>(std::get<wire::Envelope>(reply), [](auto s) {
      return std::pair<uint64_t, uint64_t>{s.getUploads(), s.getUpdates()};
    });
  }

  std::pair<uint64_t, uint64_t> searches_and_calls() {
    auto reply = ask<wire::Envelope>(shard, stats_atom::value);
    return *wire::read<schema::VectorShardStats>(std::get<wire::Envelope>(reply), [](auto s) {
      return std::pair<uint64_t, uint64_t>{s.getSearches(), s.getFaissCalls()};
    });
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(the_indexes_are_built_from_the_store, Fixture) {
  auto hits = search("points", {3.2f, 0}, 2);
  BOOST_REQUIRE(hits.ok());
  BOOST_REQUIRE((*hits)[0].size() == 2u);
  BOOST_TEST((*hits)[0][0].first == ids[3]);
  BOOST_TEST(std::abs((*hits)[0][0].second - 0.2f) < 1e-5);
  BOOST_TEST((*hits)[0][1].first == ids[4]);
}

BOOST_FIXTURE_TEST_CASE(updates_apply_to_the_index, Fixture) {
  auto update = wire::build<schema::VectorUpdate>([&](schema::VectorUpdate::Builder u) {
    u.setSpace("points");
    u.initUpsertIds(1).set(0, ids[0]);
    auto rows = u.initRows(2);
    rows.set(0, 10), rows.set(1, 0);
    u.initDeleteIds(1).set(0, ids[4]);
  });
  auto applied = ask<wire::Envelope>(shard, apply_atom::value, update);
  BOOST_REQUIRE(std::holds_alternative<wire::Envelope>(applied));
  auto hits = search("points", {9, 0}, 2);
  BOOST_REQUIRE(hits.ok());
  BOOST_TEST((*hits)[0][0].first == ids[0]);  // moved to (10, 0)
  BOOST_TEST((*hits)[0][1].first == ids[3]);  // ids[4] is gone
}

BOOST_FIXTURE_TEST_CASE(searches_that_arrive_together_share_one_faiss_call, Fixture) {
  std::vector<decltype(self->request(shard, caf::infinite, search_atom::value, wire::Envelope{}))>
      pending;
  for (int i = 0; i < 10; ++i)
    pending.push_back(self->request(shard, caf::infinite, search_atom::value,
                                    search_request("points", {static_cast<float>(i % 5), 0}, 1)));
  sched.run();
  for (int i = 0; i < 10; ++i)
    pending[i].receive(
        [&](const wire::Envelope& reply) { BOOST_TEST(decode(reply)[0][0].first == ids[i % 5]); },
        [](caf::error& e) { BOOST_FAIL(protocol::from_caf(e).message); });
  auto [searches, calls] = searches_and_calls();
  BOOST_TEST(searches == 10u);
  BOOST_TEST(calls == 1u);
}

BOOST_FIXTURE_TEST_CASE(filters_unknown_spaces_and_bad_queries, Fixture) {
  std::vector<uint64_t> only{ids[0], ids[1]};
  auto filtered = search("points", {4, 0}, 3, &only);
  BOOST_REQUIRE(filtered.ok());
  BOOST_TEST((*filtered)[0].size() == 2u);
  BOOST_TEST((*filtered)[0][0].first == ids[1]);
  BOOST_TEST((search("nope", {1, 0}, 1).error().code == errc::not_found));
  auto wrong = search("points", {1, 2, 3}, 1);
  BOOST_REQUIRE(!wrong.ok());
  BOOST_TEST((wrong.error().code == errc::invalid_argument));
  BOOST_TEST((search("points", {1, 0}, 0).error().code == errc::invalid_argument));
  BOOST_TEST(search("points", {1, 0}, 1).ok());  // still serving
}

BOOST_FIXTURE_TEST_CASE(a_space_defined_later_is_built_on_first_use, Fixture) {
  storage::GraphWriteBatch batch(*store);
  BOOST_REQUIRE(batch.put_space({"later", 2, storage::Metric::ip, "HNSW16", {}}).ok());
  std::vector<float> v{0, 1};
  BOOST_REQUIRE(batch.put_vector("later", ids[2], v).ok());
  BOOST_REQUIRE(batch.commit().ok());
  auto hits = search("later", {0, 2}, 1);
  BOOST_REQUIRE(hits.ok());
  BOOST_TEST((*hits)[0][0].first == ids[2]);
  BOOST_TEST(std::abs((*hits)[0][0].second - 2.0f) < 1e-5);  // inner product
}

namespace {

/// The fixture's shard, stopped and started again on the same store with
/// snapshots in `snapshots` (the stop writes the changed spaces' snapshots).
void restart(Fixture& f, const std::filesystem::path& snapshots) {
  f.self->send_exit(f.shard, caf::exit_reason::user_shutdown);
  f.sched.run();
  VectorShardOptions options;
  options.store = f.store;
  options.detached = false;
  options.snapshot_dir = snapshots;
  auto spawned = spawn_vector_shard(f.system(), options);
  BOOST_REQUIRE_MESSAGE(spawned.ok(), (spawned.ok() ? "" : spawned.error().message));
  f.shard = *spawned;
}

/// Writes straight to the store, as a graph shard whose updates were lost.
void write_behind_its_back(Fixture& f, std::vector<std::pair<storage::EntityId, float>> puts,
                           std::vector<storage::EntityId> deletes) {
  storage::GraphWriteBatch batch(*f.store);
  for (auto [id, x] : puts) {
    std::vector<float> v{x, 0};
    BOOST_REQUIRE(batch.put_vector("points", id, v).ok());
  }
  for (auto id : deletes)
    BOOST_REQUIRE(batch.delete_vector("points", id).ok());
  BOOST_REQUIRE(batch.commit().ok());
}

std::vector<uint64_t> keys_of(const Result<Hits>& hits) {
  BOOST_REQUIRE(hits.ok());
  std::vector<uint64_t> out;
  for (auto [id, score] : (*hits)[0])
    out.push_back(id);
  return out;
}

std::string bytes_of(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_start_loads_the_snapshot_and_catches_up_with_the_store, Fixture) {
  testing::TempDir snapshots{"ds-snapshots"};
  auto file = snapshots / "points.snapshot";
  restart(*this, snapshots.path());
  BOOST_REQUIRE(std::filesystem::exists(file));  // written after the build
  auto taken = bytes_of(file);
  self->send_exit(shard, caf::exit_reason::user_shutdown);
  sched.run();
  write_behind_its_back(*this, {{ids[1], 7}}, {ids[2]});
  restart(*this, snapshots.path());
  BOOST_TEST(bytes_of(file) == taken);  // loaded, not rebuilt (a build writes a new one)
  BOOST_TEST(
      (keys_of(search("points", {9, 0}, 3)) == std::vector<uint64_t>{ids[1], ids[4], ids[3]}));
  std::vector<uint64_t> only{ids[2]};
  BOOST_TEST(keys_of(search("points", {2, 0}, 1, &only)).empty());  // deleted meanwhile
}

BOOST_FIXTURE_TEST_CASE(a_corrupt_snapshot_is_rebuilt_from_the_store, Fixture) {
  testing::TempDir snapshots{"ds-snapshots"};
  auto file = snapshots / "points.snapshot";
  restart(*this, snapshots.path());
  std::ofstream(file, std::ios::binary | std::ios::trunc) << "DSVSNAP1 not really";
  restart(*this, snapshots.path());
  BOOST_TEST((keys_of(search("points", {3.2f, 0}, 1)) == std::vector<uint64_t>{ids[3]}));
  BOOST_TEST(bytes_of(file).size() > 100u);  // a good one again
}

BOOST_FIXTURE_TEST_CASE(a_skipped_version_makes_the_shard_catch_up, Fixture) {
  BOOST_REQUIRE(search("points", {0, 0}, 1).ok());   // the first message's catch-up is done
  write_behind_its_back(*this, {{ids[0], 50}}, {});  // version 2, never forwarded
  write_behind_its_back(*this, {{ids[1], 60}}, {});  // version 3, forwarded:
  auto update = wire::build<schema::VectorUpdate>([&](schema::VectorUpdate::Builder u) {
    u.setSpace("points");
    u.setVersion(3);
    u.initUpsertIds(1).set(0, ids[1]);
    auto rows = u.initRows(2);
    rows.set(0, 60), rows.set(1, 0);
  });
  BOOST_REQUIRE(std::holds_alternative<wire::Envelope>(
      ask<wire::Envelope>(shard, apply_atom::value, update)));
  BOOST_TEST((keys_of(search("points", {49, 0}, 2)) == std::vector<uint64_t>{ids[0], ids[1]}));
}

/// The fixture's shard again, with `policy`.
void respawn(Fixture& f, BatchPolicy policy) {
  f.self->send_exit(f.shard, caf::exit_reason::user_shutdown);
  f.sched.run();
  VectorShardOptions options;
  options.store = f.store;
  options.detached = false;
  options.batching = std::move(policy);
  f.shard = *spawn_vector_shard(f.system(), options);
}

/// A search of "points" for {x, 0} with a priority and a deadline.
wire::Envelope point_search(float x, schema::Priority priority = schema::Priority::NORMAL,
                            int64_t deadline = 0) {
  return wire::build<schema::VectorSearchRequest>([&](schema::VectorSearchRequest::Builder r) {
    r.initHeader().setPriority(priority);
    r.getHeader().setDeadlineUnixMicros(deadline);
    r.setSpace("points");
    auto list = r.initQueries(2);
    list.set(0, x), list.set(1, 0);
    r.setK(1);
  });
}

using Pending = decltype(std::declval<Fixture&>().self->request(
    std::declval<protocol::vector_shard_actor&>(), caf::infinite, search_atom::value,
    wire::Envelope{}));

/// The answer to an answered `pending`: nullopt for hits, else the error's
/// code. (Blocks when it is not answered: ask the stats whether it ran.)
std::optional<errc> outcome(Pending& pending) {
  std::optional<errc> out;
  pending.receive([&](const wire::Envelope&) { out.reset(); },
                  [&](caf::error& e) { out = protocol::from_caf(e).code; });
  return out;
}

BOOST_FIXTURE_TEST_CASE(a_delay_holds_a_search_for_others_to_share_its_call, Fixture) {
  BatchPolicy policy;
  policy.max_queue_delay = std::chrono::milliseconds(5);
  policy.min_batch_size = 8;
  std::vector<std::size_t> batches;
  policy.on_batch = [&](std::size_t rows) { batches.push_back(rows); };
  respawn(*this, policy);
  // Two searches that do not arrive together: without a delay, two calls.
  auto first = self->request(shard, caf::infinite, search_atom::value, point_search(1));
  sched.run();
  auto second = self->request(shard, caf::infinite, search_atom::value, point_search(2));
  sched.run();
  sched.trigger_timeouts();  // the delay ends
  sched.run();
  BOOST_TEST(!outcome(first).has_value());
  BOOST_TEST(!outcome(second).has_value());
  auto [searches, calls] = searches_and_calls();
  BOOST_TEST(searches == 2u);
  BOOST_TEST(calls == 1u);
  BOOST_TEST((batches == std::vector<std::size_t>{2}));
}

BOOST_FIXTURE_TEST_CASE(a_full_batch_runs_without_waiting_out_the_delay, Fixture) {
  BatchPolicy policy;
  policy.max_queue_delay = std::chrono::hours(1);
  policy.min_batch_size = 2;
  respawn(*this, policy);
  auto first = self->request(shard, caf::infinite, search_atom::value, point_search(1));
  sched.run();
  BOOST_TEST(searches_and_calls().first == 0u);  // waiting for company
  auto second = self->request(shard, caf::infinite, search_atom::value, point_search(2));
  sched.run();  // min_batch_size reached: no timeout needed
  BOOST_TEST(!outcome(first).has_value());
  BOOST_TEST(!outcome(second).has_value());
  BOOST_TEST(searches_and_calls().second == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_high_priority_search_does_not_wait, Fixture) {
  BatchPolicy policy;
  policy.max_queue_delay = std::chrono::hours(1);
  policy.min_batch_size = 64;
  respawn(*this, policy);
  auto urgent = self->request(shard, caf::infinite, search_atom::value,
                              point_search(1, schema::Priority::HIGH));
  sched.run();
  BOOST_TEST(!outcome(urgent).has_value());
}

BOOST_FIXTURE_TEST_CASE(max_batch_size_one_turns_batching_off, Fixture) {
  BatchPolicy policy;
  policy.max_batch_size = 1;
  respawn(*this, policy);
  std::vector<Pending> pending;
  for (float x : {1.0f, 2.0f, 3.0f})
    pending.push_back(self->request(shard, caf::infinite, search_atom::value, point_search(x)));
  sched.run();  // all three queued before the flush
  for (auto& p : pending)
    BOOST_TEST(!outcome(p).has_value());
  BOOST_TEST(searches_and_calls().second == 3u);
}

BOOST_FIXTURE_TEST_CASE(a_search_past_its_deadline_in_the_queue_is_not_run, Fixture) {
  BatchPolicy policy;
  policy.max_queue_delay = std::chrono::milliseconds(1);
  policy.min_batch_size = 64;
  respawn(*this, policy);
  // Live when the shard takes it (one past its deadline would be refused on
  // arrival, never queued), dead by the time its batch is flushed.
  protocol::testing::ManualClock clock;
  auto soon = clock.now() + 1000;
  auto late = self->request(shard, caf::infinite, search_atom::value,
                            point_search(1, schema::Priority::NORMAL, soon));
  sched.run();
  clock.advance(std::chrono::milliseconds(2));
  sched.trigger_timeouts();
  sched.run();
  BOOST_TEST((outcome(late) == errc::timeout));
  auto [searches, calls] = searches_and_calls();
  BOOST_TEST(searches == 1u);
  BOOST_TEST(calls == 0u);
}

namespace {

/// Defines `name` with `device` and the same 300 random vectors on n0..n4's
/// ids and 295 more nodes.
void define_random_space(Fixture& f, const std::string& name, storage::Metric metric,
                         storage::Device device) {
  storage::GraphWriteBatch batch(*f.store);
  storage::VectorSpaceSpec spec{name, 8, metric, "Flat", {}};
  spec.device = device;
  BOOST_REQUIRE(batch.put_space(spec).ok());
  std::mt19937 rng(11);
  std::normal_distribution<float> normal;
  for (int i = 0; i < 300; ++i) {
    auto id = i < 5 ? f.ids[i] : *batch.upsert_node("r" + std::to_string(i), {}, {});
    std::vector<float> v(8);
    for (auto& x : v)
      x = normal(rng);
    BOOST_REQUIRE(batch.put_vector(name, id, v).ok());
  }
  BOOST_REQUIRE(batch.commit().ok());
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_gpu_space_answers_what_a_flat_space_answers, Fixture) {
  for (auto metric : {storage::Metric::l2, storage::Metric::ip, storage::Metric::cosine}) {
    BOOST_TEST_CONTEXT("metric " << to_string(metric)) {
      auto suffix = std::string(to_string(metric));
      define_random_space(*this, "flat-" + suffix, metric, storage::Device::cpu);
      define_random_space(*this, "gpu-" + suffix, metric, storage::Device::gpu);
      std::vector<float> queries{0.1f, -1, 2, 0.5f, 0, 1, -0.3f, 0.7f, 1, 1, 1, 1, -1, -1, -1, -1};
      auto flat = search("flat-" + suffix, queries, 10);
      auto gpu = search("gpu-" + suffix, queries, 10);
      BOOST_REQUIRE(flat.ok());
      BOOST_REQUIRE(gpu.ok());
      BOOST_REQUIRE(flat->size() == gpu->size());
      for (std::size_t q = 0; q < flat->size(); ++q)
        for (std::size_t i = 0; i < (*flat)[q].size(); ++i) {
          BOOST_TEST((*gpu)[q][i].first == (*flat)[q][i].first);
          BOOST_TEST((*gpu)[q][i].second == (*flat)[q][i].second,
                     boost::test_tools::tolerance(1e-4f));
        }
      std::vector<uint64_t> only{ids[1], ids[3]};
      auto filtered = search("gpu-" + suffix, {1, 0, 0, 0, 0, 0, 0, 0}, 5, &only);
      BOOST_REQUIRE(filtered.ok());
      BOOST_TEST((*filtered)[0].size() == 2u);
    }
  }
}

BOOST_FIXTURE_TEST_CASE(a_gpu_space_kept_up_by_updates_answers_as_flat, Fixture) {
  define_random_space(*this, "flat", storage::Metric::l2, storage::Device::cpu);
  define_random_space(*this, "gpu", storage::Metric::l2, storage::Device::gpu);
  std::vector<float> query{0.1f, -1, 2, 0.5f, 0, 1, -0.3f, 0.7f};
  BOOST_REQUIRE(search("gpu", query, 10).ok());  // the upload
  // The same change to both: 40 vectors replaced, 20 new, 30 deleted (90
  // ids: an update, in parts of 8 vectors).
  std::mt19937 rng(3);
  std::normal_distribution<float> normal;
  std::vector<storage::EntityId> upserts, deletes;
  {
    storage::GraphWriteBatch batch(*store);
    for (int i = 0; i < 20; ++i)
      upserts.push_back(*batch.upsert_node("u" + std::to_string(i), {}, {}));
    BOOST_REQUIRE(batch.commit().ok());
  }
  auto space_ids = *wire::read<schema::VectorSearchResponse>(
      std::get<wire::Envelope>(
          ask<wire::Envelope>(shard, search_atom::value, search_request("flat", query, 300))),
      [](schema::VectorSearchResponse::Reader r) {
        std::vector<storage::EntityId> out;
        for (auto hit : r.getResults()[0].getHits())
          out.push_back(hit.getId());
        return out;
      });
  for (int i = 0; i < 40; ++i)
    upserts.push_back(space_ids[i]);
  for (int i = 40; i < 70; ++i)
    deletes.push_back(space_ids[i]);
  std::vector<float> rows(upserts.size() * 8);
  for (auto& x : rows)
    x = normal(rng);
  for (const char* space : {"flat", "gpu"}) {
    auto change = wire::build<schema::VectorUpdate>([&](schema::VectorUpdate::Builder u) {
      u.setSpace(space);
      auto up = u.initUpsertIds(static_cast<unsigned>(upserts.size()));
      for (unsigned i = 0; i < up.size(); ++i)
        up.set(i, upserts[i]);
      auto values = u.initRows(static_cast<unsigned>(rows.size()));
      for (unsigned i = 0; i < values.size(); ++i)
        values.set(i, rows[i]);
      auto del = u.initDeleteIds(static_cast<unsigned>(deletes.size()));
      for (unsigned i = 0; i < del.size(); ++i)
        del.set(i, deletes[i]);
    });
    BOOST_REQUIRE(std::holds_alternative<wire::Envelope>(
        ask<wire::Envelope>(shard, apply_atom::value, change)));
  }
  auto flat = search("flat", query, 300);
  auto gpu = search("gpu", query, 300);
  BOOST_REQUIRE(flat.ok());
  BOOST_REQUIRE(gpu.ok());
  BOOST_TEST((*gpu)[0].size() == 290u);  // 300 + 20 - 30
  BOOST_REQUIRE((*flat)[0].size() == (*gpu)[0].size());
  for (std::size_t i = 0; i < (*flat)[0].size(); ++i) {
    BOOST_TEST((*gpu)[0][i].first == (*flat)[0][i].first);
    BOOST_TEST((*gpu)[0][i].second == (*flat)[0][i].second, boost::test_tools::tolerance(1e-4f));
  }
  auto counts = unit_counts();
  BOOST_TEST(counts.first == 1u);   // no second upload:
  BOOST_TEST(counts.second == 8u);  // 60 rows in parts of 8
}

BOOST_FIXTURE_TEST_CASE(searches_during_a_gpu_space_upload_wait_for_it, Fixture) {
  // 300 vectors in parts of 8: three searches arrive before the first part
  // is answered; one upload serves them all (interleaved uploads would
  // stage some parts twice).
  define_random_space(*this, "busy", storage::Metric::l2, storage::Device::gpu);
  define_random_space(*this, "busy-flat", storage::Metric::l2, storage::Device::cpu);
  std::vector<float> query{1, 0, 0, 0, 0, 0, 0, 0};
  std::vector<Pending> pending;
  for (uint32_t k : {300, 299, 298})  // three k: three calls, not one batch
    pending.push_back(
        self->request(shard, caf::infinite, search_atom::value, search_request("busy", query, k)));
  sched.run();
  auto want = search("busy-flat", query, 300);  // every vector, each once
  BOOST_REQUIRE(want.ok());
  for (auto& p : pending) {
    std::optional<Hits> got;
    p.receive([&](const wire::Envelope& reply) { got = decode(reply); },
              [&](caf::error& e) { BOOST_FAIL(protocol::from_caf(e).message); });
    BOOST_REQUIRE(got.has_value());
    BOOST_REQUIRE((*got)[0].size() <= (*want)[0].size());
    for (std::size_t i = 0; i < (*got)[0].size(); ++i)
      BOOST_TEST((*got)[0][i].first == (*want)[0][i].first);
  }
}

BOOST_FIXTURE_TEST_CASE(a_gpu_space_larger_than_one_message_reaches_its_unit, Fixture) {
  // 17000 x 1024 floats: 70 MB, past the readers' 64 MiB traversal limit
  // for one message; in parts of the shard's default size it arrives. (Wide
  // rows: few nodes to write, so the test takes seconds, not tens.)
  VectorShardOptions options;
  options.index = 1;
  options.store = store;
  options.detached = false;
  options.compute = units;
  auto big = spawn_vector_shard(system(), options);
  BOOST_REQUIRE(big.ok());
  const uint32_t dim = 1024, rows = 17000;
  storage::GraphWriteBatch batch(*store);
  storage::VectorSpaceSpec spec{"big", dim, storage::Metric::ip, "Flat", {}};
  spec.device = storage::Device::gpu;
  BOOST_REQUIRE(batch.put_space(spec).ok());
  storage::EntityId last = 0;
  for (uint32_t i = 0; i < rows; ++i) {
    last = *batch.upsert_node("b" + std::to_string(i), {}, {});
    std::vector<float> v(dim, 0.0f);
    v[i % dim] = 1.0f + static_cast<float>(i) * 1e-5f;  // the last is the largest on its axis
    BOOST_REQUIRE(batch.put_vector("big", last, v).ok());
  }
  BOOST_REQUIRE(batch.commit().ok());
  std::vector<float> query(dim, 0.0f);
  query[(rows - 1) % dim] = 1.0f;
  auto reply = ask<wire::Envelope>(*big, search_atom::value, search_request("big", query, 3));
  if (auto* error = std::get_if<caf::error>(&reply)) BOOST_FAIL(protocol::from_caf(*error).message);
  auto hits = decode(std::get<wire::Envelope>(reply));
  BOOST_TEST(hits[0][0].first == last);
  self->send_exit(*big, caf::exit_reason::user_shutdown);
  sched.run();
}

BOOST_FIXTURE_TEST_CASE(a_gpu_space_follows_updates_and_a_restarted_unit, Fixture) {
  define_random_space(*this, "moving", storage::Metric::l2, storage::Device::gpu);
  BOOST_REQUIRE(search("moving", std::vector<float>(8, 0.0f), 1).ok());
  auto update = wire::build<schema::VectorUpdate>([&](schema::VectorUpdate::Builder u) {
    u.setSpace("moving");
    u.initUpsertIds(1).set(0, ids[2]);
    auto rows = u.initRows(8);
    for (unsigned i = 0; i < 8; ++i)
      rows.set(i, 50);
  });
  BOOST_REQUIRE(std::holds_alternative<wire::Envelope>(
      ask<wire::Envelope>(shard, apply_atom::value, update)));
  auto near = search("moving", std::vector<float>(8, 49.0f), 1);
  BOOST_REQUIRE(near.ok());
  BOOST_TEST((*near)[0][0].first == ids[2]);  // the unit got the new vector
  auto removal = wire::build<schema::VectorUpdate>([&](schema::VectorUpdate::Builder u) {
    u.setSpace("moving");
    u.initDeleteIds(1).set(0, ids[2]);
  });
  BOOST_REQUIRE(std::holds_alternative<wire::Envelope>(
      ask<wire::Envelope>(shard, apply_atom::value, removal)));
  auto without = search("moving", std::vector<float>(8, 49.0f), 300);
  BOOST_REQUIRE(without.ok());
  BOOST_TEST((*without)[0].size() == 299u);
  for (auto& [id, score] : (*without)[0])
    BOOST_TEST(id != ids[2]);
  // One upload, then the two changes as updates of one row each.
  auto counts = unit_counts();
  BOOST_TEST(counts.first == 1u);
  BOOST_TEST(counts.second == 2u);

  // The unit dies and a fresh one (no bases) takes its place: the shard
  // uploads again.
  self->send_exit(units->unit(units->cpu_slot()), caf::exit_reason::user_shutdown);
  sched.run();
  units->publish(units->cpu_slot(), best_unit(system()));
  auto again = search("moving", std::vector<float>(8, 49.0f), 300);
  BOOST_REQUIRE(again.ok());
  BOOST_TEST((*again)[0].size() == 299u);
  BOOST_TEST(unit_counts().first == 1u);  // the fresh unit's one upload

  // A dropped space's copy leaves the unit.
  auto drop = wire::build<schema::VectorUpdate>([](schema::VectorUpdate::Builder u) {
    u.setSpace("moving");
    u.setDropSpace(true);
  });
  BOOST_REQUIRE(
      std::holds_alternative<wire::Envelope>(ask<wire::Envelope>(shard, apply_atom::value, drop)));
  auto stats = ask<wire::Envelope>(units->unit(units->cpu_slot()), stats_atom::value);
  auto bases = wire::read<schema::ComputeUnitStats>(
      std::get<wire::Envelope>(stats),
      [](schema::ComputeUnitStats::Reader s) { return s.getBases(); });
  BOOST_REQUIRE(bases.ok());
  BOOST_TEST(*bases == 0u);
}

BOOST_FIXTURE_TEST_CASE(a_gpu_space_dropped_while_its_upload_travels_leaves_no_copy, Fixture) {
  define_random_space(*this, "brief", storage::Metric::l2, storage::Device::gpu);
  auto pending = self->request(shard, caf::infinite, search_atom::value,
                               search_request("brief", std::vector<float>(8, 0.0f), 5));
  for (int i = 0; i < 8; ++i)  // the search, its flush, the first parts to and fro
    sched.run_once();
  {  // as the gateway drops a space: from the store, then from the shard
    storage::GraphWriteBatch batch(*store);
    BOOST_REQUIRE(batch.delete_space("brief").ok());
    BOOST_REQUIRE(batch.commit().ok());
  }
  auto drop = wire::build<schema::VectorUpdate>([](schema::VectorUpdate::Builder u) {
    u.setSpace("brief");
    u.setDropSpace(true);
  });
  auto dropped = self->request(shard, caf::infinite, apply_atom::value, drop);
  sched.run();
  BOOST_TEST((outcome(pending) == errc::not_found));
  dropped.receive([](const wire::Envelope&) {},
                  [](caf::error& e) { BOOST_FAIL(protocol::from_caf(e).message); });
  auto stats = ask<wire::Envelope>(units->unit(units->cpu_slot()), stats_atom::value);
  auto bases = wire::read<schema::ComputeUnitStats>(
      std::get<wire::Envelope>(stats),
      [](schema::ComputeUnitStats::Reader s) { return s.getBases(); });
  BOOST_TEST(*bases == 0u);
}

BOOST_AUTO_TEST_CASE(a_gpu_space_must_be_flat) {
  storage::VectorSpaceSpec spec{"g", 4, storage::Metric::l2, "HNSW32", {}};
  spec.device = storage::Device::gpu;
  auto refused = storage::check_fields(spec);
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.error().message.find("use Flat") != std::string::npos);
}
