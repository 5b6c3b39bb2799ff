#define BOOST_TEST_MODULE wire_envelope
#include <boost/test/unit_test.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>
#include <capnp/message.h>

#include "protocol/testing/malformed_messages.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/error_codec.hpp"
#include "protocol/wire/read.hpp"
#include "schema/gateway.capnp.h"

using namespace ds;

namespace {

wire::Envelope sample_ping() {
  return wire::build<schema::PingRequest>([](schema::PingRequest::Builder ping) {
    ping.initHeader().setRequestId(7);
    ping.getHeader().setPriority(schema::Priority::HIGH);
    auto map = ping.initPayload().initMap(2);
    map[0].setKey("name");
    map[0].initValue().setText("dog.n.01");
    map[1].setKey("depth");
    map[1].initValue().setInt(-3);
  });
}

/// Reads a PingRequest and deep-copies its payload, touching every pointer
/// the way a real handler that echoes or stores it does.
Result<int> copy_payload(const wire::Envelope& envelope, wire::ReadLimits limits = {}) {
  return wire::read<schema::PingRequest>(
      envelope,
      [](schema::PingRequest::Reader ping) {
        capnp::MallocMessageBuilder copy;
        copy.setRoot(ping.getPayload());
        return 1;
      },
      limits);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_built_message_reads_back_field_for_field) {
  auto envelope = sample_ping();
  BOOST_TEST(envelope.size_bytes() % 8 == 0u);
  auto name = wire::read<schema::PingRequest>(envelope, [](schema::PingRequest::Reader ping) {
    BOOST_TEST(ping.getHeader().getRequestId() == 7u);
    BOOST_TEST((ping.getHeader().getPriority() == schema::Priority::HIGH));
    auto map = ping.getPayload().getMap();
    BOOST_TEST(map.size() == 2u);
    BOOST_TEST(map[1].getValue().getInt() == -3);
    return std::string(map[0].getValue().getText().cStr());
  });
  BOOST_REQUIRE(name.ok());
  BOOST_TEST(*name == "dog.n.01");
}

BOOST_AUTO_TEST_CASE(copies_share_one_immutable_buffer) {
  auto a = sample_ping();
  auto b = a;
  BOOST_TEST(a.words().begin() == b.words().begin());
}

BOOST_AUTO_TEST_CASE(bytes_that_are_not_whole_words_are_rejected) {
  char bytes[12] = {};
  auto r = wire::Envelope::from_bytes(bytes, sizeof bytes);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST((r.error().code == errc::malformed_message));
  BOOST_TEST(r.error().message.find("12 bytes") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(caf_serialization_round_trips_the_bytes) {
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  auto original = sample_ping();
  std::vector<char> buffer;
  caf::binary_serializer sink{sys, buffer};
  BOOST_REQUIRE(!sink(original));
  wire::Envelope loaded;
  caf::binary_deserializer source{sys, buffer};
  BOOST_REQUIRE(!source(loaded));
  BOOST_TEST(loaded.to_bytes() == original.to_bytes());
  BOOST_TEST(copy_payload(loaded).ok());
}

BOOST_AUTO_TEST_CASE(a_deserialized_partial_word_becomes_an_empty_envelope_not_a_crash) {
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  std::vector<char> odd(13, 'x');
  std::vector<char> buffer;
  caf::binary_serializer sink{sys, buffer};
  BOOST_REQUIRE(!sink(odd));  // same wire form as an Envelope: a byte sequence
  wire::Envelope loaded = sample_ping();
  caf::binary_deserializer source{sys, buffer};
  BOOST_REQUIRE(!source(loaded));
  BOOST_TEST(loaded.empty());
  auto r = copy_payload(loaded);
  BOOST_TEST((!r.ok() && r.error().code == errc::malformed_message));
}

BOOST_AUTO_TEST_CASE(every_truncation_is_a_malformed_message) {
  for (const auto& c : testing::truncations_of(sample_ping())) {
    auto r = copy_payload(c.envelope);
    BOOST_TEST_CONTEXT(c.name) {
      BOOST_REQUIRE(!r.ok());
      BOOST_TEST((r.error().code == errc::malformed_message));
    }
  }
}

BOOST_AUTO_TEST_CASE(random_words_never_crash_the_reader) {
  std::size_t rejected = 0;
  for (const auto& c : testing::random_envelopes(2000)) {
    auto r = copy_payload(c.envelope);
    if (!r.ok()) {
      BOOST_TEST((r.error().code == errc::malformed_message), c.name);
      ++rejected;
    }
  }
  BOOST_TEST(rejected > 1000u);  // most random words are not a message
}

BOOST_AUTO_TEST_CASE(a_pointer_loop_hits_the_nesting_limit) {
  auto r = copy_payload(testing::pointer_loop_ping());
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST((r.error().code == errc::malformed_message));
  BOOST_TEST(r.error().message.find("nested") != std::string::npos, r.error().message);
}

BOOST_AUTO_TEST_CASE(nesting_is_bounded_by_the_limit_not_by_the_stack) {
  BOOST_TEST(copy_payload(testing::nested_ping(30)).ok());
  auto deep = copy_payload(testing::nested_ping(200));
  BOOST_REQUIRE(!deep.ok());
  BOOST_TEST((deep.error().code == errc::malformed_message));
  wire::ReadLimits generous;
  generous.nesting_limit = 500;
  BOOST_TEST(copy_payload(testing::nested_ping(200), generous).ok());
}

BOOST_AUTO_TEST_CASE(the_traversal_limit_stops_amplification) {
  wire::ReadLimits tight;
  tight.traversal_limit_words = 16;
  auto r = copy_payload(testing::nested_ping(40), tight);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.error().message.find("traversal limit") != std::string::npos, r.error().message);
}

BOOST_AUTO_TEST_CASE(an_empty_envelope_is_rejected) {
  auto r = copy_payload(wire::Envelope{});
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.error().message.find("empty") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(errors_cross_the_wire_with_code_and_message) {
  auto envelope = wire::build<schema::Error>([](schema::Error::Builder e) {
    wire::write_error(e, make_error(errc::not_found, "no node 'x'"));
  });
  auto back = wire::read<schema::Error>(envelope, [](schema::Error::Reader e) {
    auto error = wire::read_error(e);
    return std::make_pair(error.code, error.message);
  });
  BOOST_REQUIRE(back.ok());
  BOOST_TEST((back->first == errc::not_found));
  BOOST_TEST(back->second == "no node 'x'");
  BOOST_TEST((wire::from_schema(static_cast<schema::ErrorCode>(999)) == errc::internal));
}
