#include "runtime/node/http_routes.hpp"

#include <chrono>
#include <string>

#include "runtime/actor_bridge.hpp"
#include "runtime/build_info.hpp"
#include "runtime/http/json_response.hpp"

namespace ds::runtime {
namespace {

// A probe that takes longer than this means the actor system is stuck.
constexpr auto kProbeTimeout = std::chrono::seconds(2);

HttpHandler livez() {
  return [](const HttpRequest&, const RouteParams&, Responder respond) {
    respond(json_response(http::status::ok, {{"status", "alive"}}));
  };
}

HttpHandler readyz(caf::actor_system& system, lifecycle_actor lifecycle) {
  return [&system, lifecycle](const HttpRequest&, const RouteParams&, Responder respond) {
    ask_async(
        system, lifecycle, caf::timespan{kProbeTimeout},
        [respond](bool ready, const std::string& phase) {
          respond(json_response(ready ? http::status::ok : http::status::service_unavailable,
                                {{"status", phase}, {"ready", ready}}));
        },
        [respond, &system](caf::error& error) {
          respond(json_response(
              http::status::service_unavailable,
              {{"status", "unresponsive"}, {"ready", false}, {"reason", system.render(error)}}));
        },
        health_atom::value);
  };
}

HttpHandler version(const NodeConfig& config) {
  const auto& build = build_info();
  nlohmann::json body = {
      {"name", "deepseek"},         {"version", build.version},
      {"commit", build.commit},     {"build_type", build.build_type},
      {"compiler", build.compiler}, {"cuda", build.cuda},
      {"node", config.name},        {"role", to_string(config.role)},
  };
  return [body](const HttpRequest&, const RouteParams&, Responder respond) {
    respond(json_response(http::status::ok, body));
  };
}

}  // namespace

void add_node_routes(Router& router, caf::actor_system& system, lifecycle_actor lifecycle,
                     const NodeConfig& config) {
  router.add(http::verb::get, "/livez", livez());
  router.add(http::verb::get, "/readyz", readyz(system, lifecycle));
  router.add(http::verb::get, "/api/v1/version", version(config));
}

}  // namespace ds::runtime
