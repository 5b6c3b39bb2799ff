#define BOOST_TEST_MODULE http_query_string
#include "runtime/http/query_string.hpp"

#include <boost/test/unit_test.hpp>

using namespace ds;
using namespace ds::runtime;

BOOST_AUTO_TEST_CASE(escapes_decode_and_plus_is_a_space_only_in_queries) {
  BOOST_TEST(*percent_decode("http%3A%2F%2Fex.org%2Fa+b") == "http://ex.org/a+b");
  BOOST_TEST(*percent_decode("a+b%20c", true) == "a b c");
  BOOST_TEST(*percent_decode("%e2%82%AC") == "\xe2\x82\xac");
}

BOOST_AUTO_TEST_CASE(a_broken_escape_is_an_error_naming_its_position) {
  for (std::string bad : {"abc%", "abc%4", "abc%zz"}) {
    auto decoded = percent_decode(bad);
    BOOST_REQUIRE(!decoded.ok());
    BOOST_TEST((decoded.error().code == errc::invalid_argument));
    BOOST_TEST(decoded.error().message.find("position 3") != std::string::npos,
               decoded.error().message);
  }
}

BOOST_AUTO_TEST_CASE(query_parameters_come_in_order_and_decoded) {
  auto params = query_params("/api/v1/nodes/x/neighbours?type=hypernym%2Chyponym&hops=2&&flag");
  BOOST_REQUIRE(params.ok());
  QueryParams expected{{"type", "hypernym,hyponym"}, {"hops", "2"}, {"flag", ""}};
  BOOST_TEST((*params == expected));
  BOOST_TEST(query_params("/livez")->empty());
  BOOST_TEST(!query_params("/x?a=%g0").ok());
}
