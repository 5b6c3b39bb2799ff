#include "runtime/node/text_routes.hpp"

#include "runtime/http/json_body.hpp"
#include "runtime/node/gateway_call.hpp"
#include "runtime/wire/build.hpp"
#include "schema/gateway.capnp.h"
#include "schema/text.hpp"

namespace ds::runtime {
namespace {

Result<wire::Envelope> text_query(const nlohmann::json& body, Millis timeout) {
  if (auto ok = check_object(body, "body", {"query", "k"}); !ok) return ok.error();
  if (!body.contains("query")) return make_error(errc::invalid_argument, "query: required");
  auto query = json_string(body["query"], "query");
  if (!query) return query.error();
  int64_t k = 10;
  if (body.contains("k")) {
    auto given = json_integer(body["k"], "k", 1, 1 << 30);  // the gateway applies max_k
    if (!given) return given.error();
    k = *given;
  }
  return wire::build<schema::TextQuery>([&](schema::TextQuery::Builder r) {
    set_header(r.initHeader(), timeout);
    r.setQuery(*query);
    r.setK(static_cast<uint32_t>(k));
  });
}

Result<HttpResponse> text_answer(const wire::Envelope& reply) {
  return wire::read<schema::TextQueryResponse>(reply, [](schema::TextQueryResponse::Reader r) {
    auto terms = nlohmann::json::array();
    for (auto term : r.getTerms())
      terms.push_back(schema::to_string(term));
    auto hits = nlohmann::json::array();
    for (auto hit : r.getHits())
      hits.push_back({{"key", schema::to_string(hit.getKey())}, {"score", hit.getScore()}});
    return json_response(http::status::ok, {{"terms", std::move(terms)}, {"hits", std::move(hits)}});
  });
}

}  // namespace

void add_text_routes(Router& router, caf::actor_system& system,
                     std::shared_ptr<const CurrentGateway> gateway, const NodeConfig& config) {
  auto timeout = config.system.rpc_timeout;
  router.add(http::verb::post, "/api/v1/search/text",
             [&system, gateway, timeout](const HttpRequest& http_request, const RouteParams&,
                                         Responder respond) {
               auto body = parse_json_body(http_request);
               if (!body) return respond(error_response(body.error()));
               auto request = text_query(*body, timeout);
               if (!request) return respond(error_response(request.error()));
               ask_gateway(system, gateway, timeout, text_answer, std::move(respond),
                           text_search_atom::value, std::move(request).value());
             });
}

}  // namespace ds::runtime
