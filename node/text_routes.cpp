#include "node/text_routes.hpp"

#include "node/gateway_call.hpp"
#include "protocol/wire/build.hpp"
#include "runtime/http/json_body.hpp"
#include "schema/gateway.capnp.h"
#include "schema/text.hpp"

namespace ds::node {
namespace {

Result<wire::Envelope> text_query(const nlohmann::json& body, Millis timeout) {
  if (auto ok = runtime::check_object(body, "body", {"query", "k"}); !ok) return ok.error();
  if (!body.contains("query")) return make_error(errc::invalid_argument, "query: required");
  auto query = runtime::json_string(body["query"], "query");
  if (!query) return query.error();
  int64_t k = 10;
  if (body.contains("k")) {
    auto given = runtime::json_integer(body["k"], "k", 1, 1 << 30);  // the gateway applies max_k
    if (!given) return given.error();
    k = *given;
  }
  return wire::build<schema::TextQuery>([&](schema::TextQuery::Builder r) {
    set_header(r.initHeader(), timeout);
    r.setQuery(*query);
    r.setK(static_cast<uint32_t>(k));
  });
}

Result<runtime::HttpResponse> text_answer(const wire::Envelope& reply) {
  return wire::read<schema::TextQueryResponse>(reply, [](schema::TextQueryResponse::Reader r) {
    auto terms = nlohmann::json::array();
    for (auto term : r.getTerms())
      terms.push_back(schema::to_string(term));
    auto hits = nlohmann::json::array();
    for (auto hit : r.getHits())
      hits.push_back({{"key", schema::to_string(hit.getKey())}, {"score", hit.getScore()}});
    return runtime::json_response(runtime::http::status::ok,
                                  {{"terms", std::move(terms)}, {"hits", std::move(hits)}});
  });
}

}  // namespace

void add_text_routes(runtime::Router& router, caf::actor_system& system,
                     std::shared_ptr<const CurrentGateway> gateway, const NodeConfig& config) {
  auto timeout = config.system.rpc_timeout;
  router.add(runtime::http::verb::post, "/api/v1/search/text",
             [&system, gateway, timeout](const runtime::HttpRequest& http_request,
                                         const runtime::RouteParams&, runtime::Responder respond) {
               auto body = runtime::parse_json_body(http_request);
               if (!body) return respond(runtime::error_response(body.error()));
               auto request = text_query(*body, timeout);
               if (!request) return respond(runtime::error_response(request.error()));
               ask_gateway(system, gateway, timeout, text_answer, std::move(respond),
                           text_search_atom::value, std::move(request).value());
             });
}

}  // namespace ds::node
