#include "node/demo_graph.hpp"

#include <atomic>
#include <chrono>
#include <fstream>
#include <string>

#include <caf/scoped_actor.hpp>
#include <spdlog/spdlog.h>

#include "node/demo_text_space.hpp"
#include "protocol/caf_error.hpp"
#include "protocol/codec/import_request.hpp"
#include "protocol/wire/read.hpp"
#include "runtime/actor_bridge.hpp"
#include "schema/gateway.capnp.h"
#include "sdk/importer.hpp"
#include "storage/import/wordnet_source.hpp"

namespace ds::node {
namespace {

std::filesystem::path state_file(const NodeConfig& config) {
  return config.data_dir / "demo-graph";
}

std::string read_state(const NodeConfig& config) {
  std::ifstream in(state_file(config));
  std::string state;
  in >> state;
  return state;
}

Result<void> write_state(const NodeConfig& config, const std::string& state) {
  std::ofstream out(state_file(config), std::ios::trunc);
  if (!(out << state << "\n") || !out.flush())
    return make_error(errc::io_error, state_file(config).string() + ": cannot write");
  return {};
}

Result<uint64_t> stored_nodes(caf::actor_system& system, const CurrentGateway& gateway,
                              const NodeConfig& config) {
  caf::scoped_actor self{system};
  Result<uint64_t> nodes = uint64_t{0};
  self->request(gateway.get(), caf::timespan{config.system.rpc_timeout}, stats_atom::value)
      .receive(
          [&](const wire::Envelope& reply) {
            nodes = wire::read<schema::GraphStats>(
                reply, [](schema::GraphStats::Reader stats) { return stats.getNodes(); });
          },
          [&](caf::error& error) { nodes = protocol::from_caf(error); });
  return nodes;
}

sdk::BatchSender in_process_sender(caf::actor_system& system, const CurrentGateway& gateway,
                                   const NodeConfig& config) {
  auto next_id = std::make_shared<std::atomic<uint64_t>>(1);
  return [&system, &gateway, timeout = config.system.rpc_timeout, next_id](
             const storage::ImportBatch& batch, std::function<void(Result<void>)> done) {
    auto request =
        protocol::import_request(batch, (*next_id)++, std::chrono::system_clock::now() + timeout);
    runtime::ask_async(
        system, gateway.get(), caf::timespan{timeout}, [done](const wire::Envelope&) { done({}); },
        [done](caf::error& error) { done(protocol::from_caf(error)); }, import_atom::value,
        std::move(request));
  };
}

}  // namespace

namespace {

Result<void> import_wordnet(caf::actor_system& system, const CurrentGateway& gateway,
                            const NodeConfig& config, std::function<bool()> cancelled) {
  auto source = storage::open_wordnet(config.demo.wordnet_dir);
  if (!source)
    return make_error(source.error().code,
                      "demo graph: " + source.error().message +
                          " (install wordnet-base, set demo.wordnet_dir, or demo.import: false)");
  if (auto written = write_state(config, "importing"); !written) return written;
  spdlog::info("demo graph: importing WordNet from {}", config.demo.wordnet_dir);
  sdk::ImportCallbacks callbacks;
  callbacks.cancelled = std::move(cancelled);
  callbacks.on_progress = [](const sdk::ImportTotals& t) {
    auto percent = t.read.bytes_total ? 100.0 * t.read.bytes_done / t.read.bytes_total : 0.0;
    spdlog::info("demo graph: {:.0f}% read, {} nodes, {} edges, {:.1f} s", percent, t.nodes,
                 t.edges, t.elapsed.count());
  };
  auto totals = sdk::run_import(**source, in_process_sender(system, gateway, config),
                                sdk::ImportOptions{}, callbacks);
  if (!totals) return make_error(totals.error().code, "demo graph: " + totals.error().message);
  spdlog::info("demo graph: WordNet imported: {} nodes, {} edges in {:.1f} s", totals->nodes,
               totals->edges, totals->elapsed.count());
  return write_state(config, "encoding");
}

Result<void> encode_texts(caf::actor_system& system, const CurrentGateway& gateway,
                          const NodeConfig& config, const std::function<bool()>& cancelled) {
  auto start = std::chrono::steady_clock::now();
  auto encoded = build_demo_text_space(system, gateway, config, cancelled);
  if (!encoded) return make_error(encoded.error().code, "demo graph: " + encoded.error().message);
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  if (*encoded > 0)
    spdlog::info("demo graph: text space: {} synsets encoded in {:.1f} s", *encoded, took.count());
  return write_state(config, "done");
}

}  // namespace

Result<void> import_demo_graph(caf::actor_system& system, const CurrentGateway& gateway,
                               const NodeConfig& config, std::function<bool()> cancelled) {
  auto state = read_state(config);
  if (state == "done") return {};
  if (state != "importing" && state != "encoding") {
    auto nodes = stored_nodes(system, gateway, config);
    if (!nodes) return nodes.error();
    if (*nodes != 0) {
      spdlog::info("demo graph: {} already holds {} nodes; not importing WordNet",
                   config.data_dir.string(), *nodes);
      return {};
    }
  }
  if (state != "encoding")
    if (auto imported = import_wordnet(system, gateway, config, cancelled); !imported)
      return imported;
  return encode_texts(system, gateway, config, cancelled);
}

}  // namespace ds::node
