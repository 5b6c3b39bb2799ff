#define BOOST_TEST_MODULE deadline
#include "protocol/wire/deadline.hpp"

#include <boost/test/unit_test.hpp>
#include <capnp/message.h>

#include "protocol/testing/manual_clock.hpp"

using namespace ds;
using protocol::testing::ManualClock;

namespace {

/// check_deadline of a request header carrying `deadline`.
Result<void> check(int64_t deadline) {
  capnp::MallocMessageBuilder message;
  auto header = message.initRoot<schema::RequestHeader>();
  header.setDeadlineUnixMicros(deadline);
  return wire::check_deadline(header.asReader());
}

bool in_time(int64_t deadline) { return check(deadline).ok(); }

}  // namespace

BOOST_AUTO_TEST_CASE(a_request_without_a_deadline_is_always_in_time) {
  ManualClock clock;
  clock.advance(std::chrono::hours(24 * 365));
  BOOST_TEST(in_time(0));
}

BOOST_AUTO_TEST_CASE(a_deadline_passes_when_the_clock_moves_past_it_not_before) {
  ManualClock clock;
  auto deadline = clock.now() + 1000;
  BOOST_TEST(in_time(deadline));
  clock.advance(std::chrono::microseconds(1000));
  BOOST_TEST(in_time(deadline));  // due, not yet past
  clock.advance(std::chrono::microseconds(1));
  auto refused = check(deadline);
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST((refused.error().code == errc::timeout));
}

BOOST_AUTO_TEST_CASE(without_a_manual_clock_deadlines_read_the_system_clock) {
  {
    ManualClock clock;
    clock.advance(std::chrono::hours(1));
  }
  auto system_now = wire::unix_micros(std::chrono::system_clock::now());
  BOOST_TEST(wire::now_unix_micros() >= system_now);
  BOOST_TEST(wire::now_unix_micros() < system_now + 60'000'000);
}
