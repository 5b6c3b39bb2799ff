#define BOOST_TEST_MODULE actors_gateway
#include "actors/gateway/gateway.hpp"

#include <chrono>

#include <boost/test/unit_test.hpp>

#include "protocol/caf_error.hpp"
#include "protocol/testing/malformed_messages.hpp"
#include "protocol/wire/build.hpp"
#include "runtime/testing/deterministic_system.hpp"
#include "schema/gateway.capnp.h"

using namespace ds;

namespace {

struct Fixture : testing::DeterministicSystem {
  protocol::gateway_actor gateway = actors::spawn_gateway(system(), {"node-a", "1.2.3", {}});

  std::variant<wire::Envelope, caf::error> ping(const wire::Envelope& request) {
    return ask<wire::Envelope>(gateway, caf::ping_atom::value, request);
  }

  /// A well-formed ping answered with its payload: the gateway still serves.
  void expect_echo(const std::string& text) {
    auto request = wire::build<schema::PingRequest>(
        [&](schema::PingRequest::Builder p) { p.initPayload().setText(text); });
    auto reply = ping(request);
    BOOST_REQUIRE(std::holds_alternative<wire::Envelope>(reply));
    auto echoed = wire::read<schema::PingResponse>(
        std::get<wire::Envelope>(reply), [](schema::PingResponse::Reader pong) {
          BOOST_TEST(pong.getNode().cStr() == std::string("node-a"));
          BOOST_TEST(pong.getVersion().cStr() == std::string("1.2.3"));
          return std::string(pong.getPayload().getText().cStr());
        });
    BOOST_REQUIRE(echoed.ok());
    BOOST_TEST(*echoed == text);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_ping_echoes_its_payload, Fixture) { expect_echo("hello"); }

BOOST_FIXTURE_TEST_CASE(malformed_envelopes_get_error_replies_and_the_gateway_keeps_serving,
                        Fixture) {
  auto cases = testing::malformed_pings();
  BOOST_REQUIRE(cases.size() >= 5u);
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      auto reply = ping(c.envelope);
      BOOST_REQUIRE(std::holds_alternative<caf::error>(reply));
      auto error = protocol::from_caf(std::get<caf::error>(reply));
      BOOST_TEST((error.code == errc::malformed_message));
      BOOST_TEST(error.message.rfind("malformed message: ", 0) == 0u, error.message);
      expect_echo("still serving after " + c.name);
    }
  }
}

BOOST_FIXTURE_TEST_CASE(every_truncation_and_random_input_is_rejected, Fixture) {
  for (const auto& c : testing::truncations_of(testing::nested_ping(5))) {
    auto reply = ping(c.envelope);
    BOOST_TEST(std::holds_alternative<caf::error>(reply), c.name);
  }
  for (const auto& c : testing::random_envelopes(300))
    ping(c.envelope);  // must not crash
  expect_echo("after 300 random envelopes");
}

BOOST_FIXTURE_TEST_CASE(a_ping_past_its_deadline_is_a_timeout, Fixture) {
  auto request = wire::build<schema::PingRequest>([](schema::PingRequest::Builder p) {
    p.initHeader().setDeadlineUnixMicros(1);  // 1970
  });
  auto reply = ping(request);
  BOOST_REQUIRE(std::holds_alternative<caf::error>(reply));
  BOOST_TEST((protocol::from_caf(std::get<caf::error>(reply)).code == errc::timeout));
}
