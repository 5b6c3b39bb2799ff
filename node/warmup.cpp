#include "node/warmup.hpp"

#include <array>
#include <chrono>
#include <string>

#include <caf/scoped_actor.hpp>
#include <spdlog/spdlog.h>

#include "node/gateway_call.hpp"
#include "protocol/caf_error.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/read.hpp"
#include "schema/query.capnp.h"
#include "schema/text.hpp"

namespace ds::node {
namespace {

// Common words, so questions find something on any graph with text.
constexpr std::array<std::string_view, 8> kWords = {"animal", "water", "music", "city",
                                                    "tool",   "color", "food",  "plant"};

/// The i-th warm-up query: (text, mode).
std::pair<std::string, schema::QueryMode> warmup_query(unsigned i) {
  switch (i % 3) {
    case 0:
      return {"MATCH (n) RETURN n LIMIT 10", schema::QueryMode::CYPHER};
    case 1:
      return {"MATCH (n) WITH n LIMIT 20 MATCH (n)-[r]-(m) RETURN count(r)",
              schema::QueryMode::CYPHER};
    default:
      return {std::string(kWords[(i / 3) % kWords.size()]), schema::QueryMode::TEXT};
  }
}

/// Runs one query; fails with the engine's or the transport's message.
Result<void> run_one(caf::scoped_actor& self, const CurrentGateway& gateway,
                     const NodeConfig& config, unsigned i) {
  auto [text, mode] = warmup_query(i);
  auto request = wire::build<schema::InferRequest>([&](schema::InferRequest::Builder r) {
    set_header(r.initHeader(), config.system.rpc_timeout);
    r.setQuery(text);
    r.setMode(mode);
    r.setLimit(10);
  });
  Result<void> done;
  self->request(gateway.get(), caf::timespan{config.system.rpc_timeout}, infer_atom::value,
                std::move(request))
      .receive(
          [&](const wire::Envelope& reply) {
            done = wire::read<schema::InferResponse>(
                reply, [&](schema::InferResponse::Reader r) -> Result<void> {
                  if (!r.getFailed()) return {};
                  return make_error(errc::invalid_argument,
                                    text + ": " + schema::to_string(r.getFailure().getMessage()));
                });
          },
          [&](caf::error& error) { done = protocol::from_caf(error); });
  return done;
}

}  // namespace

WarmupReport warm_up(caf::actor_system& system, const CurrentGateway& gateway,
                     const NodeConfig& config) {
  WarmupReport report;
  auto start = std::chrono::steady_clock::now();
  caf::scoped_actor self{system};
  for (unsigned i = 0; i < config.serving.warmup_requests; ++i) {
    ++report.queries;
    if (auto ok = run_one(self, gateway, config, i); !ok) {
      ++report.failed;
      spdlog::debug("warm-up query failed: {}", ok.error().message);
    }
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace ds::node
