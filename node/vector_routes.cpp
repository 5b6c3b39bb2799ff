#include "node/vector_routes.hpp"

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "node/gateway_call.hpp"
#include "protocol/codec/vector_requests.hpp"
#include "protocol/wire/build.hpp"
#include "runtime/http/json_body.hpp"
#include "runtime/http/query_string.hpp"
#include "schema/gateway.capnp.h"
#include "schema/storage.capnp.h"
#include "schema/text.hpp"
#include "storage/vector/vector_space.hpp"

namespace ds::node {
namespace {

/// A handler that reads its request from the body and path, sends it with
/// `atom`, and answers with `answer(reply)`. `build(body, name, timeout)`
/// returns the request envelope or the 400.
template <class Atom, class Build, class Answer>
runtime::HttpHandler body_route(caf::actor_system& system, Gateway gateway, Millis timeout,
                                Atom atom, Build build, Answer answer) {
  return [&system, gateway, timeout, atom, build, answer](const runtime::HttpRequest& http_request,
                                                          const runtime::RouteParams& params,
                                                          runtime::Responder respond) {
    auto name = runtime::percent_decode(params.get("name"));
    if (!name) return respond(runtime::error_response(name.error()));
    auto body = runtime::parse_json_body(http_request);
    if (!body) return respond(runtime::error_response(body.error()));
    Result<wire::Envelope> request = build(*body, *name, timeout);
    if (!request) return respond(runtime::error_response(request.error()));
    ask_gateway(system, gateway, timeout, answer, std::move(respond), atom,
                std::move(request).value());
  };
}

/// A request's "params"; 0 stands for absent (the space's or FAISS's default).
struct Params {
  int32_t ef_search = 0;
  int32_t nprobe = 0;
  int32_t ef_construction = 0;  ///< a space's definition only
};

/// Reads "params": efSearch and nprobe, and efConstruction when `defining`.
Result<Params> read_params(const nlohmann::json& body, bool defining) {
  Params out;
  if (!body.contains("params")) return out;
  const auto& params = body["params"];
  auto known =
      defining ? runtime::check_object(params, "params", {"efSearch", "nprobe", "efConstruction"})
               : runtime::check_object(params, "params", {"efSearch", "nprobe"});
  if (!known) return known.error();
  for (auto [name, field, max] :
       {std::tuple{"efSearch", &out.ef_search, 1 << 20}, std::tuple{"nprobe", &out.nprobe, 1 << 20},
        std::tuple{"efConstruction", &out.ef_construction, 4096}}) {
    if (!params.contains(name)) continue;
    auto value = runtime::json_integer(params[name], std::string("params.") + name, 1, max);
    if (!value) return value.error();
    *field = static_cast<int32_t>(*value);
  }
  return out;
}

nlohmann::json space_json(schema::VectorSpaceRecord::Reader space) {
  nlohmann::json params = nlohmann::json::object();
  if (space.getEfSearch() > 0) params["efSearch"] = space.getEfSearch();
  if (space.getNprobe() > 0) params["nprobe"] = space.getNprobe();
  if (space.getEfConstruction() > 0) params["efConstruction"] = space.getEfConstruction();
  return {{"name", schema::to_string(space.getName())},
          {"dim", space.getDim()},
          {"metric", schema::to_string(space.getMetric())},
          {"index", schema::to_string(space.getIndex())},
          {"device", space.getDevice().size() > 0 ? schema::to_string(space.getDevice()) : "cpu"},
          {"params", std::move(params)}};
}

Result<wire::Envelope> define_request(const nlohmann::json& body, const std::string& name,
                                      Millis timeout) {
  if (auto ok = runtime::check_object(body, "body", {"dim", "metric", "index", "params", "device"});
      !ok)
    return ok.error();
  if (!body.contains("dim")) return make_error(errc::invalid_argument, "dim: required");
  auto dim = runtime::json_integer(body["dim"], "dim", 1, 65536);
  if (!dim) return dim.error();
  std::string metric = "l2", index = "Flat";
  if (body.contains("metric")) {
    auto text = runtime::json_string(body["metric"], "metric");
    if (!text) return text.error();
    metric = *text;
  }
  if (body.contains("index")) {
    auto text = runtime::json_string(body["index"], "index");
    if (!text) return text.error();
    index = *text;
  }
  auto device = storage::Device::cpu;
  if (body.contains("device")) {
    auto text = runtime::json_string(body["device"], "device");
    if (!text) return text.error();
    auto parsed = storage::parse_device(*text);
    if (!parsed) return parsed.error();
    device = *parsed;
  }
  auto params = read_params(body, true);
  if (!params) return params.error();
  return wire::build<schema::SpaceDefineRequest>([&](schema::SpaceDefineRequest::Builder r) {
    set_header(r.initHeader(), timeout);
    auto space = r.initSpace();
    space.setName(name);
    space.setDim(static_cast<uint32_t>(*dim));
    space.setMetric(metric);
    space.setIndex(index);
    space.setEfSearch(params->ef_search);
    space.setNprobe(params->nprobe);
    space.setEfConstruction(params->ef_construction);
    if (device != storage::Device::cpu) space.setDevice(std::string(storage::to_string(device)));
  });
}

Result<wire::Envelope> upsert_request(const nlohmann::json& body, const std::string& name,
                                      Millis timeout) {
  if (!body.is_array())
    return make_error(errc::invalid_argument, std::string("body: expected an array of "
                                                          "{\"key\", \"vector\"}, got ") +
                                                  body.type_name());
  std::vector<std::string> keys;
  std::vector<float> rows;
  for (std::size_t i = 0; i < body.size(); ++i) {
    auto where = "[" + std::to_string(i) + "]";
    if (auto ok = runtime::check_object(body[i], where, {"key", "vector"}); !ok) return ok.error();
    if (!body[i].contains("key") || !body[i].contains("vector"))
      return make_error(errc::invalid_argument, where + ": \"key\" and \"vector\" are required");
    auto key = runtime::json_string(body[i]["key"], where + ".key");
    if (!key) return key.error();
    auto vector = runtime::json_floats(body[i]["vector"], where + ".vector");
    if (!vector) return vector.error();
    keys.push_back(std::move(key).value());
    rows.insert(rows.end(), vector->begin(), vector->end());
  }
  return protocol::upsert_request(name, keys, rows, 0, std::chrono::system_clock::now() + timeout);
}

Result<wire::Envelope> delete_request(const nlohmann::json& body, const std::string& name,
                                      Millis timeout) {
  if (auto ok = runtime::check_object(body, "body", {"keys"}); !ok) return ok.error();
  if (!body.contains("keys")) return make_error(errc::invalid_argument, "keys: required");
  auto keys = runtime::json_strings(body["keys"], "keys");
  if (!keys) return keys.error();
  return wire::build<schema::VectorDeleteRequest>([&](schema::VectorDeleteRequest::Builder r) {
    set_header(r.initHeader(), timeout);
    r.setSpace(name);
    auto list = r.initKeys(static_cast<unsigned>(keys->size()));
    for (unsigned i = 0; i < keys->size(); ++i)
      list.set(i, (*keys)[i]);
  });
}

Result<wire::Envelope> search_request(const nlohmann::json& body, const std::string& name,
                                      Millis timeout) {
  if (auto ok =
          runtime::check_object(body, "body", {"vector", "text", "k", "filter_keys", "params"});
      !ok)
    return ok.error();
  if (body.contains("vector") == body.contains("text"))
    return make_error(errc::invalid_argument,
                      "vector or text: send one (text for the space \"text\" only)");
  std::vector<float> vector;
  std::optional<std::string> text;
  if (body.contains("vector")) {
    auto numbers = runtime::json_floats(body["vector"], "vector");
    if (!numbers) return numbers.error();
    vector = std::move(numbers).value();
  } else {
    auto given = runtime::json_string(body["text"], "text");
    if (!given) return given.error();
    text = std::move(given).value();
  }
  int64_t k = 10;
  if (body.contains("k")) {
    auto given = runtime::json_integer(body["k"], "k", 1, 1 << 30);  // the gateway applies max_k
    if (!given) return given.error();
    k = *given;
  }
  std::optional<std::vector<std::string>> filter;
  if (body.contains("filter_keys")) {
    auto keys = runtime::json_strings(body["filter_keys"], "filter_keys");
    if (!keys) return keys.error();
    filter = std::move(keys).value();
  }
  auto params = read_params(body, false);
  if (!params) return params.error();
  return wire::build<schema::VectorQuery>([&](schema::VectorQuery::Builder r) {
    set_header(r.initHeader(), timeout);
    r.setSpace(name);
    auto queries = r.initQueries(static_cast<unsigned>(vector.size()));
    for (unsigned i = 0; i < vector.size(); ++i)
      queries.set(i, vector[i]);
    if (text) {
      r.setHasText(true);
      r.setText(*text);
    }
    r.setK(static_cast<uint32_t>(k));
    r.setEfSearch(params->ef_search);
    r.setNprobe(params->nprobe);
    if (!filter) return;
    r.setHasFilter(true);
    auto keys = r.initFilterKeys(static_cast<unsigned>(filter->size()));
    for (unsigned i = 0; i < filter->size(); ++i)
      keys.set(i, (*filter)[i]);
  });
}

Result<runtime::HttpResponse> count_answer(const wire::Envelope& reply, const char* field) {
  return wire::read<schema::VectorWriteResponse>(reply, [&](auto r) {
    return runtime::json_response(runtime::http::status::ok, {{field, r.getCount()}});
  });
}

runtime::HttpHandler list_spaces(caf::actor_system& system, Gateway gateway, Millis timeout) {
  return [&system, gateway, timeout](const runtime::HttpRequest&, const runtime::RouteParams&,
                                     runtime::Responder respond) {
    ask_gateway(
        system, gateway, timeout,
        [](const wire::Envelope& reply) {
          return wire::read<schema::SpaceList>(reply, [](schema::SpaceList::Reader list) {
            auto spaces = nlohmann::json::array();
            for (auto space : list.getSpaces()) {
              auto json = space_json(space.getSpec());
              json["vectors"] = space.getVectors();
              spaces.push_back(std::move(json));
            }
            return runtime::json_response(runtime::http::status::ok,
                                          {{"spaces", std::move(spaces)}});
          });
        },
        std::move(respond), spaces_atom::value);
  };
}

runtime::HttpHandler drop_space(caf::actor_system& system, Gateway gateway, Millis timeout) {
  return [&system, gateway, timeout](const runtime::HttpRequest&,
                                     const runtime::RouteParams& params,
                                     runtime::Responder respond) {
    auto name = runtime::percent_decode(params.get("name"));
    if (!name) return respond(runtime::error_response(name.error()));
    auto request = wire::build<schema::SpaceDropRequest>([&](schema::SpaceDropRequest::Builder r) {
      set_header(r.initHeader(), timeout);
      r.setName(*name);
    });
    ask_gateway(
        system, gateway, timeout,
        [name = *name](const wire::Envelope&) -> Result<runtime::HttpResponse> {
          return runtime::json_response(runtime::http::status::ok, {{"dropped", name}});
        },
        std::move(respond), drop_atom::value, std::move(request));
  };
}

}  // namespace

void add_vector_routes(runtime::Router& router, caf::actor_system& system,
                       std::shared_ptr<const CurrentGateway> gateway, const NodeConfig& config) {
  auto timeout = config.system.rpc_timeout;
  router.add(runtime::http::verb::put, "/api/v1/spaces/{name}",
             body_route(system, gateway, timeout, define_atom::value, define_request,
                        [](const wire::Envelope& reply) {
                          return wire::read<schema::VectorSpaceRecord>(reply, [](auto space) {
                            return runtime::json_response(runtime::http::status::ok,
                                                          space_json(space));
                          });
                        }));
  router.add(runtime::http::verb::get, "/api/v1/spaces", list_spaces(system, gateway, timeout));
  router.add(runtime::http::verb::delete_, "/api/v1/spaces/{name}",
             drop_space(system, gateway, timeout));
  router.add(
      runtime::http::verb::post, "/api/v1/spaces/{name}/vectors",
      body_route(system, gateway, timeout, upsert_atom::value, upsert_request,
                 [](const wire::Envelope& reply) { return count_answer(reply, "upserted"); }));
  router.add(
      runtime::http::verb::post, "/api/v1/spaces/{name}/delete",
      body_route(system, gateway, timeout, erase_atom::value, delete_request,
                 [](const wire::Envelope& reply) { return count_answer(reply, "deleted"); }));
  router.add(
      runtime::http::verb::post, "/api/v1/spaces/{name}/search",
      body_route(
          system, gateway, timeout, search_atom::value, search_request,
          [](const wire::Envelope& reply) {
            return wire::read<schema::VectorQueryResponse>(reply, [](auto response) {
              auto hits = nlohmann::json::array();
              for (auto hit : response.getResults()[0].getHits())
                hits.push_back(
                    {{"key", schema::to_string(hit.getKey())}, {"score", hit.getScore()}});
              return runtime::json_response(runtime::http::status::ok, {{"hits", std::move(hits)}});
            });
          }));
}

}  // namespace ds::node
