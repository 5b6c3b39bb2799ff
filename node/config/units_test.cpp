#define BOOST_TEST_MODULE config_units
#include "node/config/units.hpp"

#include <boost/test/unit_test.hpp>

using namespace ds;
using namespace ds::node;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_CASE(sizes_take_binary_units_in_any_case) {
  BOOST_TEST(parse_size("16GB").value() == 16ull << 30);
  BOOST_TEST(parse_size("512MB").value() == 512ull << 20);
  BOOST_TEST(parse_size("512mb").value() == 512ull << 20);
  BOOST_TEST(parse_size("1.5GiB").value() == 3ull << 29);
  BOOST_TEST(parse_size("64 KB").value() == 64ull << 10);
  BOOST_TEST(parse_size("1048576").value() == 1048576u);
  BOOST_TEST(parse_size("2TB").value() == 2ull << 40);
}

BOOST_AUTO_TEST_CASE(percentages_need_a_base) {
  BOOST_TEST(parse_size("25%", 1000).value() == 250u);
  BOOST_TEST(!parse_size("25%").ok());
  BOOST_TEST(!parse_size("150%", 1000).ok());
}

BOOST_AUTO_TEST_CASE(bad_sizes_say_what_was_expected_and_what_came) {
  for (auto text : {"", "GB", "12XB", "-1GB", "1e400", "abc"}) {
    auto r = parse_size(text);
    BOOST_TEST_CONTEXT(text) {
      BOOST_REQUIRE(!r.ok());
      BOOST_TEST(r.error().message.find("expected a size") != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(durations_default_to_milliseconds) {
  BOOST_TEST(parse_duration("30000").value().count() == 30000);
  BOOST_TEST(parse_duration("250ms").value().count() == 250);
  BOOST_TEST(parse_duration("30s").value().count() == 30000);
  BOOST_TEST(parse_duration("5m").value().count() == 300000);
  BOOST_TEST(parse_duration("1h").value().count() == 3600000);
  BOOST_TEST(parse_duration("1.5s").value().count() == 1500);
  BOOST_TEST(!parse_duration("5 parsecs").ok());
  BOOST_TEST(!parse_duration("-1s").ok());
}

BOOST_AUTO_TEST_CASE(integers_are_range_checked) {
  BOOST_TEST(parse_uint("8080", 1, 65535).value() == 8080u);
  auto high = parse_uint("70000", 1, 65535);
  BOOST_REQUIRE(!high.ok());
  BOOST_TEST(high.error().message == "expected a value in 1..65535, got \"70000\"");
  BOOST_TEST(!parse_uint("80a", 1, 65535).ok());
  BOOST_TEST(!parse_uint("-1", 0, 10).ok());
  BOOST_TEST(!parse_uint("", 0, 10).ok());
}
