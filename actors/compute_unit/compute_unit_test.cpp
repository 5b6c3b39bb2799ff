#define BOOST_TEST_MODULE actors_compute_unit
#include "actors/compute_unit/compute_unit.hpp"

#include <boost/test/unit_test.hpp>
#include <caf/exit_reason.hpp>

#include "kernels/select_backend.hpp"
#include "protocol/caf_error.hpp"
#include "protocol/testing/malformed_messages.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/deadline.hpp"
#include "runtime/testing/deterministic_system.hpp"
#include "schema/compute.capnp.h"

using namespace ds;
using namespace ds::actors;

namespace {

/// (id, score) per query, best first; the padding left out.
using Hits = std::vector<std::vector<std::pair<uint64_t, float>>>;

struct Fixture : testing::DeterministicSystem {
  protocol::compute_unit_actor unit;
  std::vector<std::size_t> batches;  // queries per kernel call, via on_call
  std::string kind;                  // "cuda" where the machine has a GPU, else "cpu"

  Fixture() {
    ComputeUnitOptions options;
    options.backend = kernels::select_backend().backend;  // the gpu check runs this there
    kind = options.backend->device().kind == kernels::DeviceInfo::Kind::cuda ? "cuda" : "cpu";
    BOOST_TEST_MESSAGE("compute unit on " << options.backend->device().name);
    options.detached = false;
    options.on_call = [this](const ComputeReport& report) {
      batches.push_back(report.batch_queries);
    };
    unit = spawn_compute_unit(system(), std::move(options));
    // Points (i, 0) with ids 100 + i.
    BOOST_REQUIRE(upload("points", schema::KnnMetric::L2, {0, 0, 1, 0, 2, 0, 3, 0, 4, 0}).ok());
  }
  ~Fixture() {
    self->send_exit(unit, caf::exit_reason::user_shutdown);
    sched.run();
  }

  /// One part of an upload of 2-d rows, ids first_id on: the staged (or
  /// uploaded) size.
  Result<uint64_t> upload_part(const std::string& name, schema::KnnMetric metric,
                               std::vector<float> rows, uint64_t first_id, bool append, bool more,
                               std::string precision = "fp32") {
    auto request = wire::build<schema::BaseUpload>([&](schema::BaseUpload::Builder r) {
      r.setName(name);
      r.setDim(2);
      r.setMetric(metric);
      r.setPrecision(precision);
      r.setAppend(append);
      r.setMore(more);
      auto ids = r.initIds(static_cast<unsigned>(rows.size() / 2));
      for (unsigned i = 0; i < ids.size(); ++i)
        ids.set(i, first_id + i);
      auto list = r.initRows(static_cast<unsigned>(rows.size()));
      for (unsigned i = 0; i < rows.size(); ++i)
        list.set(i, rows[i]);
    });
    auto reply = ask<wire::Envelope>(unit, upload_atom::value, request);
    if (auto* error = std::get_if<caf::error>(&reply)) return protocol::from_caf(*error);
    return *wire::read<schema::BaseInfo>(
        std::get<wire::Envelope>(reply),
        [](schema::BaseInfo::Reader info) { return info.getSize(); });
  }

  Result<uint64_t> upload(const std::string& name, schema::KnnMetric metric,
                          std::vector<float> rows, std::string precision = "fp32") {
    return upload_part(name, metric, std::move(rows), 100, false, false, std::move(precision));
  }

  static wire::Envelope knn_request(const std::string& base, std::vector<float> queries, uint32_t k,
                                    const std::vector<uint64_t>* filter = nullptr,
                                    int64_t deadline = 0) {
    return wire::build<schema::KnnRequest>([&](schema::KnnRequest::Builder r) {
      r.getHeader().setDeadlineUnixMicros(deadline);
      r.setBase(base);
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
    return *wire::read<schema::KnnResponse>(reply, [](schema::KnnResponse::Reader r) {
      Hits out(r.getQueries());
      auto ids = r.getIds();
      auto scores = r.getScores();
      auto found = r.getFound();
      for (unsigned i = 0; i < ids.size(); ++i)
        if (found[i]) out[i / r.getK()].emplace_back(ids[i], scores[i]);
      return out;
    });
  }

  Result<Hits> knn(const std::string& base, std::vector<float> queries, uint32_t k,
                   const std::vector<uint64_t>* filter = nullptr) {
    auto reply = ask<wire::Envelope>(unit, search_atom::value,
                                     knn_request(base, std::move(queries), k, filter));
    if (auto* error = std::get_if<caf::error>(&reply)) return protocol::from_caf(*error);
    return decode(std::get<wire::Envelope>(reply));
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(an_uploaded_base_answers_exact_knn, Fixture) {
  auto hits = knn("points", {3.2f, 0, 0.1f, 0}, 2);
  BOOST_REQUIRE(hits.ok());
  BOOST_REQUIRE(hits->size() == 2u);
  BOOST_TEST((*hits)[0][0].first == 103u);
  BOOST_TEST((*hits)[0][0].second == 0.04f, boost::test_tools::tolerance(1e-4f));  // squared
  BOOST_TEST((*hits)[0][1].first == 104u);
  BOOST_TEST((*hits)[1][0].first == 100u);
}

BOOST_FIXTURE_TEST_CASE(a_base_in_parts_replaces_the_old_one_when_its_last_part_lands, Fixture) {
  // "points" is (i, 0) with ids 100 + i; the new base is (i, 1) with ids
  // 200 + i, in three parts.
  auto l2 = schema::KnnMetric::L2;
  BOOST_TEST(*upload_part("points", l2, {0, 1, 1, 1}, 200, false, true) == 2u);
  BOOST_TEST(*upload_part("points", l2, {2, 1, 3, 1}, 202, true, true) == 4u);
  auto meanwhile = knn("points", {3, 0}, 1);  // the old base still answers
  BOOST_REQUIRE(meanwhile.ok());
  BOOST_TEST((*meanwhile)[0][0].first == 103u);
  BOOST_TEST(*upload_part("points", l2, {4, 1}, 204, true, false) == 5u);
  auto after = knn("points", {3, 0.9f}, 2);
  BOOST_REQUIRE(after.ok());
  BOOST_TEST((*after)[0][0].first == 203u);
  BOOST_TEST((*after)[0][1].first == 202u);
}

BOOST_FIXTURE_TEST_CASE(parts_out_of_order_or_of_another_shape_are_refused, Fixture) {
  auto l2 = schema::KnnMetric::L2;
  auto orphan = upload_part("fresh", l2, {0, 0}, 1, true, false);
  BOOST_REQUIRE(!orphan.ok());
  BOOST_TEST((orphan.error().code == errc::invalid_argument));
  BOOST_TEST(orphan.error().message.find("no upload in progress") != std::string::npos);

  BOOST_REQUIRE(upload_part("fresh", l2, {0, 0}, 1, false, true).ok());
  auto other = upload_part("fresh", schema::KnnMetric::IP, {1, 1}, 2, true, false);
  BOOST_REQUIRE(!other.ok());
  BOOST_TEST(other.error().message.find("differs from the first part") != std::string::npos);
  // The upload was abandoned: its next part has nothing to join.
  BOOST_TEST(!upload_part("fresh", l2, {1, 1}, 2, true, false).ok());
  BOOST_TEST((knn("fresh", {0, 0}, 1).error().code == errc::not_found));
  BOOST_TEST(knn("points", {0, 0}, 1).ok());  // the unit goes on serving
}

BOOST_FIXTURE_TEST_CASE(a_base_changes_in_place_with_only_the_changed_rows, Fixture) {
  auto change = [&](const std::string& name) {
    return wire::build<schema::BaseUpdate>([&](schema::BaseUpdate::Builder u) {
      u.setName(name);
      u.initRemoveIds(1).set(0, 102);
      auto ids = u.initIds(2);
      ids.set(0, 104);  // moves far away
      ids.set(1, 200);  // new, next to (2, 0)
      auto rows = u.initRows(4);
      for (unsigned i = 0; i < 4; ++i)
        rows.set(i, std::vector<float>{10, 0, 2.1f, 0}[i]);
    });
  };
  auto reply = ask<wire::Envelope>(unit, apply_atom::value, change("points"));
  BOOST_REQUIRE(std::holds_alternative<wire::Envelope>(reply));
  auto size = wire::read<schema::BaseInfo>(std::get<wire::Envelope>(reply),
                                           [](schema::BaseInfo::Reader i) { return i.getSize(); });
  BOOST_TEST(*size == 5u);  // 5 - 1 + 1
  auto hits = knn("points", {2, 0, 10, 0}, 1);
  BOOST_REQUIRE(hits.ok());
  BOOST_TEST((*hits)[0][0].first == 200u);
  BOOST_TEST((*hits)[1][0].first == 104u);
  auto gone = knn("points", {2, 0}, 5);
  for (auto& [id, score] : (*gone)[0])
    BOOST_TEST(id != 102u);

  auto unknown = ask<wire::Envelope>(unit, apply_atom::value, change("nowhere"));
  BOOST_REQUIRE(std::holds_alternative<caf::error>(unknown));
  BOOST_TEST((protocol::from_caf(std::get<caf::error>(unknown)).code == errc::not_found));
  auto stats = ask<wire::Envelope>(unit, stats_atom::value);
  auto counts = wire::read<schema::ComputeUnitStats>(
      std::get<wire::Envelope>(stats), [](schema::ComputeUnitStats::Reader r) {
        return std::pair<uint64_t, uint64_t>{r.getUploads(), r.getUpdates()};
      });
  BOOST_TEST(counts->first == 1u);
  BOOST_TEST(counts->second == 1u);
}

BOOST_FIXTURE_TEST_CASE(requests_that_arrive_together_share_one_kernel_call, Fixture) {
  std::vector<decltype(self->request(unit, caf::infinite, search_atom::value, wire::Envelope{}))>
      pending;
  for (int i = 0; i < 10; ++i)
    pending.push_back(self->request(unit, caf::infinite, search_atom::value,
                                    knn_request("points", {static_cast<float>(i % 5), 0}, 1)));
  sched.run();
  for (int i = 0; i < 10; ++i)
    pending[i].receive(
        [&](const wire::Envelope& reply) {
          BOOST_TEST(decode(reply)[0][0].first == 100u + static_cast<uint64_t>(i % 5));
        },
        [](caf::error& e) { BOOST_FAIL(protocol::from_caf(e).message); });
  BOOST_TEST((batches == std::vector<std::size_t>{10}));
}

BOOST_FIXTURE_TEST_CASE(a_filter_a_replaced_base_and_a_drop, Fixture) {
  std::vector<uint64_t> only{101, 102, 999};
  auto filtered = knn("points", {4, 0}, 5, &only);
  BOOST_REQUIRE(filtered.ok());
  BOOST_TEST((*filtered)[0].size() == 2u);  // two known ids: the rest is padding
  BOOST_TEST((*filtered)[0][0].first == 102u);

  BOOST_REQUIRE(upload("points", schema::KnnMetric::IP, {1, 0, 0, 1}).ok());
  auto replaced = knn("points", {0, 3}, 1);
  BOOST_REQUIRE(replaced.ok());
  BOOST_TEST((*replaced)[0][0].first == 101u);
  BOOST_TEST((*replaced)[0][0].second == 3.0f);

  auto drop =
      wire::build<schema::BaseDrop>([](schema::BaseDrop::Builder d) { d.setName("points"); });
  BOOST_REQUIRE(
      std::holds_alternative<wire::Envelope>(ask<wire::Envelope>(unit, drop_atom::value, drop)));
  auto gone = knn("points", {0, 3}, 1);
  BOOST_REQUIRE(!gone.ok());
  BOOST_TEST((gone.error().code == errc::not_found));
}

BOOST_FIXTURE_TEST_CASE(bad_requests_get_clear_errors_and_the_unit_keeps_serving, Fixture) {
  auto wrong_width = knn("points", {1, 2, 3}, 1);
  BOOST_REQUIRE(!wrong_width.ok());
  BOOST_TEST(wrong_width.error().message.find("queries:") == 0u);
  auto k0 = knn("points", {1, 0}, 0);
  BOOST_REQUIRE(!k0.ok());
  BOOST_TEST(k0.error().message.find("k: expected 1..1024") == 0u);
  auto precision = upload("other", schema::KnnMetric::L2, {1, 0}, "fp8");
  BOOST_REQUIRE(!precision.ok());
  BOOST_TEST(precision.error().message.find("precision:") == 0u);
  auto ragged = upload("other", schema::KnnMetric::L2, {1, 0, 2});
  BOOST_REQUIRE(!ragged.ok());
  BOOST_TEST((ragged.error().code == errc::invalid_argument));
  for (const auto& c : testing::malformed_pings()) {
    BOOST_TEST_CONTEXT(c.name) {
      for (int atom : {0, 1, 2}) {
        auto reply = atom == 0   ? ask<wire::Envelope>(unit, search_atom::value, c.envelope)
                     : atom == 1 ? ask<wire::Envelope>(unit, upload_atom::value, c.envelope)
                                 : ask<wire::Envelope>(unit, drop_atom::value, c.envelope);
        // A ping's broken field may not be one these read: whatever the
        // unit answers, it survives it.
        if (auto* error = std::get_if<caf::error>(&reply)) {
          auto code = protocol::from_caf(*error).code;
          BOOST_TEST((code == errc::malformed_message || code == errc::invalid_argument ||
                      code == errc::not_found));
        }
      }
    }
  }
  BOOST_TEST(knn("points", {1, 0}, 1).ok());
}

BOOST_FIXTURE_TEST_CASE(a_request_past_its_deadline_in_the_queue_is_not_run, Fixture) {
  auto past = wire::now_unix_micros() - 1000;
  auto reply = ask<wire::Envelope>(unit, search_atom::value,
                                   knn_request("points", {1, 0}, 1, nullptr, past));
  BOOST_REQUIRE(std::holds_alternative<caf::error>(reply));
  BOOST_TEST((protocol::from_caf(std::get<caf::error>(reply)).code == errc::timeout));
  BOOST_TEST(batches.empty());
}

BOOST_FIXTURE_TEST_CASE(stats_report_the_device_its_bases_and_the_calls, Fixture) {
  BOOST_REQUIRE(knn("points", {1, 0}, 1).ok());
  auto reply = ask<wire::Envelope>(unit, stats_atom::value);
  auto ok = wire::read<schema::ComputeUnitStats>(
      std::get<wire::Envelope>(reply), [&](schema::ComputeUnitStats::Reader s) {
        BOOST_TEST(std::string(s.getKind().cStr()) == kind);
        BOOST_TEST(s.getBases() == 1u);
        BOOST_TEST(s.getBaseBytes() > 0u);
        BOOST_TEST(s.getInUseBytes() == s.getBaseBytes());
        BOOST_TEST(s.getRequests() == 1u);
        BOOST_TEST(s.getKernelCalls() == 1u);
      });
  BOOST_TEST(ok.ok());
}
