#define BOOST_TEST_MODULE http_router
#include "runtime/http/router.hpp"

#include <boost/test/unit_test.hpp>

#include "runtime/http/json_response.hpp"

using namespace ds;
using namespace ds::runtime;

namespace {

HttpHandler named(std::string* hit, std::string name) {
  return [hit, name](const HttpRequest&, const RouteParams&, Responder) { *hit = name; };
}

Router sample(std::string* hit) {
  Router router;
  router.add(http::verb::get, "/livez", named(hit, "livez"));
  router.add(http::verb::get, "/api/v1/spaces", named(hit, "list"));
  router.add(http::verb::put, "/api/v1/spaces/{name}", named(hit, "put"));
  router.add(http::verb::delete_, "/api/v1/spaces/{name}", named(hit, "delete"));
  router.add(http::verb::post, "/api/v1/spaces/{name}/search", named(hit, "search"));
  return router;
}

}  // namespace

BOOST_AUTO_TEST_CASE(literal_and_placeholder_routes_match) {
  std::string hit;
  auto router = sample(&hit);
  auto m = router.match(http::verb::post, "/api/v1/spaces/text/search?debug=1");
  BOOST_REQUIRE(m.handler != nullptr);
  BOOST_TEST(m.route == "/api/v1/spaces/{name}/search");
  BOOST_TEST(m.params.get("name") == "text");
  (*m.handler)(HttpRequest{}, m.params, nullptr);
  BOOST_TEST(hit == "search");
  BOOST_TEST(router.match(http::verb::get, "/livez").handler != nullptr);
  BOOST_TEST(router.match(http::verb::get, "/livez/").handler != nullptr);
}

BOOST_AUTO_TEST_CASE(an_unknown_path_is_404) {
  std::string hit;
  auto router = sample(&hit);
  auto m = router.match(http::verb::get, "/nope");
  BOOST_TEST(m.handler == nullptr);
  BOOST_TEST((m.status == http::status::not_found));
  BOOST_TEST(m.route == "unmatched");
  BOOST_TEST(
      (router.match(http::verb::get, "/api/v1/spaces/a/b/c").status == http::status::not_found));
}

BOOST_AUTO_TEST_CASE(a_known_path_with_another_method_is_405_with_allow) {
  std::string hit;
  auto router = sample(&hit);
  auto m = router.match(http::verb::post, "/api/v1/spaces/text");
  BOOST_TEST(m.handler == nullptr);
  BOOST_TEST((m.status == http::status::method_not_allowed));
  BOOST_TEST(m.allow == "PUT, DELETE");
  BOOST_TEST(m.route == "/api/v1/spaces/{name}");
}

BOOST_AUTO_TEST_CASE(errors_render_as_the_one_json_shape) {
  auto response = error_response(make_error(errc::not_found, "no space \"x\""));
  BOOST_TEST(response.result_int() == 404u);
  BOOST_TEST(response.body() ==
             "{\"error\":{\"code\":\"not_found\",\"message\":\"no space \\\"x\\\"\"}}\n");
  BOOST_TEST(response[http::field::content_type] == "application/json");
  BOOST_TEST((http_status_of(errc::overloaded) == http::status::too_many_requests));
  BOOST_TEST((http_status_of(errc::timeout) == http::status::gateway_timeout));
}
