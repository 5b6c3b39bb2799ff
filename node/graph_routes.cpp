#include "node/graph_routes.hpp"

#include <charconv>
#include <string>
#include <vector>

#include "node/gateway_call.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/deadline.hpp"
#include "runtime/http/json_response.hpp"
#include "runtime/http/query_string.hpp"
#include "schema/gateway.capnp.h"
#include "schema/graph.capnp.h"
#include "schema/text.hpp"
#include "schema/value_codec.hpp"

namespace ds::node {
namespace {

nlohmann::json to_json(const Value& value) {
  return std::visit(
      [](const auto& v) -> nlohmann::json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return nullptr;
        } else if constexpr (std::is_same_v<T, Value::List>) {
          auto list = nlohmann::json::array();
          for (const auto& item : v)
            list.push_back(to_json(item));
          return list;
        } else {
          return v;
        }
      },
      value.data);
}

Result<std::string> key_of(const runtime::RouteParams& params) {
  auto key = runtime::percent_decode(params.get("key"));
  if (!key) return make_error(errc::invalid_argument, "key: " + key.error().message);
  return key;
}

runtime::HttpHandler get_node(caf::actor_system& system, Gateway gateway, Millis timeout) {
  return
      [&system, gateway, timeout](const runtime::HttpRequest&, const runtime::RouteParams& params,
                                  runtime::Responder respond) {
        auto key = key_of(params);
        if (!key) return respond(runtime::error_response(key.error()));
        auto request = wire::build<schema::NodeRequest>([&](schema::NodeRequest::Builder r) {
          set_header(r.initHeader(), timeout);
          r.setKey(*key);
        });
        ask_gateway(
            system, gateway, timeout,
            [](const wire::Envelope& reply) {
              return wire::read<schema::NodeData>(reply, [](schema::NodeData::Reader node) {
                nlohmann::json properties = nlohmann::json::object();
                for (const auto& [name, value] : schema::read_properties(node.getProperties()))
                  properties[name] = to_json(value);
                auto labels = nlohmann::json::array();
                for (auto label : node.getLabels())
                  labels.push_back(schema::to_string(label));
                return runtime::json_response(runtime::http::status::ok,
                                              {{"key", schema::to_string(node.getKey())},
                                               {"labels", std::move(labels)},
                                               {"properties", std::move(properties)}});
              });
            },
            std::move(respond), lookup_atom::value, std::move(request));
      };
}

/// type, hops and direction from the query string, into `out`.
Result<void> read_neighbour_params(const runtime::HttpRequest& http_request,
                                   schema::NeighboursRequest::Builder out) {
  auto params = runtime::query_params(std::string_view(http_request.target()));
  if (!params) return params.error();
  out.setHops(1);
  out.setDirection(schema::Direction::OUT);
  for (const auto& [name, value] : *params) {
    if (name == "type") {
      std::vector<std::string> types;
      std::size_t start = 0;
      while (start <= value.size()) {
        auto comma = std::min(value.find(',', start), value.size());
        if (comma == start)
          return make_error(errc::invalid_argument,
                            "type: empty relation type in \"" + value + "\"");
        types.push_back(value.substr(start, comma - start));
        start = comma + 1;
      }
      auto list = out.initTypes(static_cast<unsigned>(types.size()));
      for (unsigned i = 0; i < types.size(); ++i)
        list.set(i, types[i]);
    } else if (name == "hops") {
      uint32_t hops = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), hops);
      if (ec != std::errc() || end != value.data() + value.size())
        return make_error(errc::invalid_argument,
                          "hops: expected a whole number, got \"" + value + "\"");
      out.setHops(hops);
    } else if (name == "direction") {
      if (value == "out") {
        out.setDirection(schema::Direction::OUT);
      } else if (value == "in") {
        out.setDirection(schema::Direction::IN);
      } else if (value == "both") {
        out.setDirection(schema::Direction::BOTH);
      } else {
        return make_error(errc::invalid_argument,
                          "direction: expected out, in or both, got \"" + value + "\"");
      }
    } else {
      return make_error(errc::invalid_argument,
                        "unknown parameter \"" + name + "\"; expected type, hops or direction");
    }
  }
  return {};
}

runtime::HttpHandler get_neighbours(caf::actor_system& system, Gateway gateway, Millis timeout) {
  return
      [&system, gateway, timeout](const runtime::HttpRequest& http_request,
                                  const runtime::RouteParams& params, runtime::Responder respond) {
        auto key = key_of(params);
        if (!key) return respond(runtime::error_response(key.error()));
        Result<void> parsed;
        auto request =
            wire::build<schema::NeighboursRequest>([&](schema::NeighboursRequest::Builder r) {
              set_header(r.initHeader(), timeout);
              r.setKey(*key);
              parsed = read_neighbour_params(http_request, r);
            });
        if (!parsed) return respond(runtime::error_response(parsed.error()));
        ask_gateway(
            system, gateway, timeout,
            [](const wire::Envelope& reply) {
              return wire::read<schema::NeighboursResponse>(
                  reply, [](schema::NeighboursResponse::Reader response) {
                    auto list = nlohmann::json::array();
                    for (auto n : response.getNeighbours())
                      list.push_back({{"key", schema::to_string(n.getKey())},
                                      {"type", schema::to_string(n.getType())},
                                      {"hops", n.getHops()}});
                    return runtime::json_response(runtime::http::status::ok,
                                                  {{"neighbours", std::move(list)}});
                  });
            },
            std::move(respond), neighbours_atom::value, std::move(request));
      };
}

}  // namespace

void add_graph_routes(runtime::Router& router, caf::actor_system& system,
                      std::shared_ptr<const CurrentGateway> gateway, const NodeConfig& config) {
  auto timeout = config.system.rpc_timeout;
  router.add(runtime::http::verb::get, "/api/v1/nodes/{key}", get_node(system, gateway, timeout));
  router.add(runtime::http::verb::get, "/api/v1/nodes/{key}/neighbours",
             get_neighbours(system, gateway, timeout));
}

}  // namespace ds::node
