#define BOOST_TEST_MODULE supervision_supervisor
#include "runtime/supervision/supervisor.hpp"

#include <map>
#include <stdexcept>
#include <string>

#include <boost/test/unit_test.hpp>
#include <caf/actor_cast.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>
#include <caf/system_messages.hpp>

#include "protocol/caf_error.hpp"
#include "runtime/testing/deterministic_system.hpp"

using namespace ds;
using namespace ds::runtime;
using namespace std::chrono_literals;

namespace {

using crash_atom = caf::atom_constant<caf::atom("crash")>;

/// A child that counts `get` requests and throws on `crash`, as a buggy
/// actor would.
caf::behavior counter(caf::event_based_actor*) {
  auto count = std::make_shared<int>(0);
  return {
      [count](caf::get_atom) { return ++*count; },
      [](crash_atom) -> int { throw std::runtime_error("boom"); },
  };
}

struct Fixture : testing::DeterministicSystem {
  std::map<std::string, int> restarts;  // per child, through the on_restart hook
  int starts = 0;

  ChildSpec counter_child(std::string name) {
    return ChildSpec{std::move(name), [this](caf::actor_system& sys) -> Result<caf::actor> {
                       ++starts;
                       return sys.spawn(counter);
                     }};
  }

  supervisor_actor start(std::vector<ChildSpec> children, unsigned max_restarts = 3) {
    SupervisorOptions options;
    options.name = "test";
    options.max_restarts = max_restarts;
    options.period = 10s;
    options.on_restart = [this](const std::string& child, const caf::error&) { ++restarts[child]; };
    auto sup = spawn_supervisor(system(), options, std::move(children));
    sched.run();
    return sup;
  }

  caf::actor whereis(const supervisor_actor& sup, const std::string& name) {
    auto reply = ask<caf::actor>(sup, whereis_atom::value, name);
    BOOST_REQUIRE(std::holds_alternative<caf::actor>(reply));
    return std::get<caf::actor>(reply);
  }

  void crash(const caf::actor& child) {
    self->send(child, crash_atom::value);
    sched.run();
  }

  int get(const caf::actor& child) {
    auto reply = ask<int>(child, caf::get_atom::value);
    BOOST_REQUIRE(std::holds_alternative<int>(reply));
    return std::get<int>(reply);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_crashed_child_is_restarted_and_keeps_serving, Fixture) {
  auto sup = start({counter_child("a"), counter_child("b")});
  auto a = whereis(sup, "a");
  auto b = whereis(sup, "b");
  BOOST_TEST(get(a) == 1);
  BOOST_TEST(get(b) == 1);

  crash(a);

  auto a2 = whereis(sup, "a");
  BOOST_TEST((a2 != a));
  BOOST_TEST(get(a2) == 1);              // fresh state
  BOOST_TEST((whereis(sup, "b") == b));  // one_for_one: the sibling is untouched
  BOOST_TEST(get(b) == 2);
  BOOST_TEST(restarts["a"] == 1);
  BOOST_TEST(starts == 3);
}

BOOST_FIXTURE_TEST_CASE(a_crash_loop_escalates_to_the_parent, Fixture) {
  auto sup = start({counter_child("a"), counter_child("b")}, 3);
  self->monitor(sup);
  auto b = whereis(sup, "b");
  self->monitor(b);
  for (int i = 0; i < 3; ++i)
    crash(whereis(sup, "a"));
  BOOST_TEST(restarts["a"] == 3);

  crash(whereis(sup, "a"));  // the fourth failure within the period

  caf::error sup_reason;
  caf::error b_reason;
  for (int i = 0; i < 2; ++i)
    self->receive([&](caf::down_msg& down) {
      (down.source == sup.address() ? sup_reason : b_reason) = down.reason;
    });
  auto escalated = protocol::from_caf(sup_reason);
  BOOST_TEST((escalated.code == errc::unavailable));
  BOOST_TEST(escalated.message.find("'a' failed more than 3 times") != std::string::npos,
             escalated.message);
  BOOST_TEST((b_reason == caf::exit_reason::user_shutdown));  // siblings are stopped first
}

BOOST_FIXTURE_TEST_CASE(restarts_older_than_the_period_are_forgiven, Fixture) {
  auto sup = start({counter_child("a")}, 2);
  for (int i = 0; i < 6; ++i) {
    crash(whereis(sup, "a"));
    sched.advance_time(6s);  // at most two crashes inside any 10 s window
  }
  BOOST_TEST(restarts["a"] == 6);
  BOOST_TEST(get(whereis(sup, "a")) == 1);
}

BOOST_FIXTURE_TEST_CASE(a_nested_supervisor_that_gives_up_is_restarted_by_its_parent, Fixture) {
  SupervisorOptions inner;
  inner.name = "inner";
  inner.max_restarts = 0;  // gives up at the first crash
  auto root = start({supervisor_child(inner, {counter_child("leaf")})}, 3);
  auto inner1 = caf::actor_cast<supervisor_actor>(whereis(root, "inner"));
  crash(whereis(inner1, "leaf"));
  auto inner2 = caf::actor_cast<supervisor_actor>(whereis(root, "inner"));
  BOOST_TEST((inner2 != inner1));
  BOOST_TEST(restarts["inner"] == 1);
  BOOST_TEST(get(whereis(inner2, "leaf")) == 1);
}

BOOST_FIXTURE_TEST_CASE(an_exit_from_the_parent_stops_children_in_reverse_order, Fixture) {
  auto sup = start({counter_child("first"), counter_child("second")});
  auto first = whereis(sup, "first");
  auto second = whereis(sup, "second");
  self->monitor(first);
  self->monitor(second);
  self->monitor(sup);
  self->send_exit(sup, caf::exit_reason::user_shutdown);
  sched.run();
  std::vector<caf::actor_addr> order;
  for (int i = 0; i < 3; ++i)
    self->receive([&](caf::down_msg& down) { order.push_back(down.source); });
  BOOST_REQUIRE(order.size() == 3u);
  BOOST_TEST((order[0] == second.address()));
  BOOST_TEST((order[1] == first.address()));
  BOOST_TEST((order[2] == sup.address()));
  BOOST_TEST(restarts.empty());
}

BOOST_FIXTURE_TEST_CASE(a_child_that_cannot_start_fails_the_supervisor, Fixture) {
  ChildSpec broken{"broken", [](caf::actor_system&) -> Result<caf::actor> {
                     return make_error(errc::io_error, "port 8082 in use");
                   }};
  SupervisorOptions options;
  options.name = "root";
  auto sup = spawn_supervisor(system(), options, {counter_child("ok"), broken});
  self->monitor(sup);
  sched.run();
  caf::error reason;
  self->receive([&](caf::down_msg& down) { reason = down.reason; });
  auto error = protocol::from_caf(reason);
  BOOST_TEST((error.code == errc::io_error));
  BOOST_TEST(error.message == "supervisor 'root': cannot start 'broken': port 8082 in use");
}
