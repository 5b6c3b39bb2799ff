#include "node/http_routes.hpp"

#include <chrono>
#include <string>

#include "runtime/actor_bridge.hpp"
#include "runtime/build_info.hpp"
#include "runtime/http/json_response.hpp"

namespace ds::node {
namespace {

// A probe that takes longer than this means the actor system is stuck.
constexpr auto kProbeTimeout = std::chrono::seconds(2);

runtime::HttpHandler livez() {
  return [](const runtime::HttpRequest&, const runtime::RouteParams&, runtime::Responder respond) {
    respond(runtime::json_response(runtime::http::status::ok, {{"status", "alive"}}));
  };
}

runtime::HttpHandler readyz(caf::actor_system& system, lifecycle_actor lifecycle) {
  return [&system, lifecycle](const runtime::HttpRequest&, const runtime::RouteParams&,
                              runtime::Responder respond) {
    runtime::ask_async(
        system, lifecycle, caf::timespan{kProbeTimeout},
        [respond](bool ready, const std::string& phase) {
          respond(runtime::json_response(
              ready ? runtime::http::status::ok : runtime::http::status::service_unavailable,
              {{"status", phase}, {"ready", ready}}));
        },
        [respond, &system](caf::error& error) {
          respond(runtime::json_response(
              runtime::http::status::service_unavailable,
              {{"status", "unresponsive"}, {"ready", false}, {"reason", system.render(error)}}));
        },
        health_atom::value);
  };
}

runtime::HttpHandler version(const NodeConfig& config) {
  const auto& build = runtime::build_info();
  nlohmann::json body = {
      {"name", "deepseek"},         {"version", build.version},
      {"commit", build.commit},     {"build_type", build.build_type},
      {"compiler", build.compiler}, {"cuda", build.cuda},
      {"node", config.name},        {"role", to_string(config.role)},
  };
  return
      [body](const runtime::HttpRequest&, const runtime::RouteParams&, runtime::Responder respond) {
        respond(runtime::json_response(runtime::http::status::ok, body));
      };
}

}  // namespace

void add_node_routes(runtime::Router& router, caf::actor_system& system, lifecycle_actor lifecycle,
                     const NodeConfig& config) {
  router.add(runtime::http::verb::get, "/livez", livez());
  router.add(runtime::http::verb::get, "/readyz", readyz(system, lifecycle));
  router.add(runtime::http::verb::get, "/api/v1/version", version(config));
}

}  // namespace ds::node
