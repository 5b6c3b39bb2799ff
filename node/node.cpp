#include "node/node.hpp"

#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include <caf/abstract_actor.hpp>
#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/exit_reason.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <spdlog/spdlog.h>

#include "node/admission.hpp"
#include "node/compute_children.hpp"
#include "node/demo_graph.hpp"
#include "node/gateway_child.hpp"
#include "node/graph_repair.hpp"
#include "node/graph_routes.hpp"
#include "node/http_routes.hpp"
#include "node/lifecycle.hpp"
#include "node/query_engine_child.hpp"
#include "node/query_routes.hpp"
#include "node/shard_children.hpp"
#include "node/signals.hpp"
#include "node/text_config.hpp"
#include "node/text_routes.hpp"
#include "node/vector_routes.hpp"
#include "node/warmup.hpp"
#include "protocol/caf_error.hpp"
#include "runtime/actor_system_setup.hpp"
#include "runtime/build_info.hpp"
#include "runtime/exit_codes.hpp"
#include "runtime/http/http_server.hpp"
#include "runtime/logging.hpp"
#include "runtime/metrics/metrics.hpp"
#include "runtime/metrics/metrics_route.hpp"

namespace ds::node {
namespace {

using Clock = std::chrono::steady_clock;

/// The first reason to stop wins: a signal (exit 0) or a failure (exit 1).
class StopRequest {
 public:
  void request(int exit_code, std::string reason) {
    std::lock_guard lock(mutex_);
    if (requested_) return;
    requested_ = true;
    exit_code_ = exit_code;
    reason_ = std::move(reason);
    changed_.notify_all();
  }

  /// Blocks until a stop is requested; returns its exit code.
  int wait() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return requested_; });
    return exit_code_;
  }

  bool requested() {
    std::lock_guard lock(mutex_);
    return requested_;
  }

  std::string reason() {
    std::lock_guard lock(mutex_);
    return reason_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool requested_ = false;
  int exit_code_ = runtime::kExitOk;
  std::string reason_;
};

/// Asks `actor` to stop and waits for it until `deadline`.
bool stop_and_wait(caf::actor_system& system, const caf::actor& actor, Clock::time_point deadline) {
  if (!actor) return true;
  caf::scoped_actor self{system};
  self->monitor(actor);
  self->send_exit(actor, caf::exit_reason::user_shutdown);
  bool stopped = false;
  auto left = std::max(Clock::duration::zero(), deadline - Clock::now());
  self->receive([&](caf::down_msg&) { stopped = true; },
                caf::after(std::chrono::duration_cast<std::chrono::milliseconds>(left)) >> [] {});
  return stopped;
}

runtime::HttpServerOptions metrics_options(const NodeConfig& config) {
  runtime::HttpServerOptions options;
  options.config_key = "metrics.port";
  options.bind = config.bind;
  options.port = config.metrics.port;
  options.io_threads = 1;
  options.max_body_bytes = 0;  // scrapes are GETs
  return options;
}

/// What the actor tree's children share with the rest of the node.
struct Shared {
  std::shared_ptr<actors::ShardMap> shards;
  std::shared_ptr<const storage::Tokenizer> tokenizer;  ///< text queries; null: full text off
  std::shared_ptr<CurrentEngine> engine = std::make_shared<CurrentEngine>();
  std::shared_ptr<CurrentGateway> gateway = std::make_shared<CurrentGateway>();
  ComputeDevices devices;                         ///< probed once
  std::shared_ptr<actors::ComputeUnits> compute;  ///< their units now
};

/// The actors of a node and the order they stop in.
struct ActorTree {
  caf::actor_system& system;
  lifecycle_actor lifecycle;
  caf::actor root;
  Shared shared;

  /// Returns false when some actor missed the deadline.
  bool stop(Clock::time_point deadline) {
    bool in_time = stop_and_wait(system, root, deadline);
    in_time = stop_and_wait(system, caf::actor_cast<caf::actor>(lifecycle), deadline) && in_time;
    // Waiting for stragglers past the deadline would break the promise to
    // exit in time.
    if (!in_time) system.await_actors_before_shutdown(false);
    // The actor system waits for the threads of stopped detached actors,
    // which end with the last handle to them.
    shared.shards->clear();
    shared.engine->publish(protocol::query_engine_actor{});
    shared.gateway->publish(protocol::gateway_actor{});
    return in_time;
  }
};

runtime::ActorSystemOptions actor_options(const NodeConfig& config) {
  runtime::ActorSystemOptions options;
  options.threads = config.actor_threads;
  options.scheduler = config.actor_scheduler;
  options.heartbeat_interval = config.sdk.heartbeat_interval;
  options.connection_timeout = config.sdk.connection_timeout;
  return options;
}

runtime::HttpServerOptions http_options(const NodeConfig& config) {
  runtime::HttpServerOptions options;
  options.bind = config.bind;
  options.port = config.http.port;
  options.io_threads = config.http.io_threads;
  options.max_body_bytes = config.http.max_body_bytes;
  options.idle_timeout = config.http.idle_timeout;
  return options;
}

/// Starts the supervision tree: the compute units, the shards, the query
/// engine, then the gateway that routes to them. Fails when a child cannot
/// start.
Result<caf::actor> start_root(caf::actor_system& system, const NodeConfig& config,
                              runtime::Metrics& metrics, StopRequest& stop, const Shared& shared) {
  runtime::SupervisorOptions options;
  options.name = "root";
  options.max_restarts = config.supervision.max_restarts;
  options.period = config.supervision.period;
  options.on_restart = [&metrics](const std::string& child, const caf::error&) {
    metrics.count_restart(child);
  };
  // The compute units first: the vector shards' `device: gpu` spaces use them.
  auto children = compute_children(config, shared.devices, shared.compute, metrics);
  auto shards = shard_children(
      config, shared.shards, [&metrics](std::size_t queries) { metrics.observe_batch(queries); },
      shared.compute);
  children.insert(children.end(), shards.begin(), shards.end());
  children.push_back(query_engine_child(config, shared.shards, shared.tokenizer, shared.engine));
  children.push_back(
      gateway_child(config, shared.shards, shared.tokenizer, shared.engine, shared.gateway));
  for (const auto& child : children)
    metrics.track_actor(child.name);
  auto root =
      caf::actor_cast<caf::actor>(runtime::spawn_supervisor(system, options, std::move(children)));
  // Runs when the root ends, whatever ends it; a root that gives up stops the node.
  caf::actor_cast<caf::abstract_actor*>(root)->attach_functor(
      [&stop, &system](const caf::error& reason) {
        if (reason && reason != caf::exit_reason::user_shutdown)
          stop.request(runtime::kExitFailure, system.render(reason));
      });
  caf::scoped_actor self{system};
  Result<caf::actor> started = root;
  // Generous: the vector shards open every index before they start, which
  // for a large space without a usable snapshot is a build of minutes. A
  // child that fails ends the root, which answers this at once.
  self->request(root, std::chrono::seconds(7200), whereis_atom::value, std::string("gateway"))
      .receive([](const caf::actor&) {},
               [&](caf::error& e) {
                 // The root's own exit reason (recorded by the functor above) says more.
                 auto why = stop.reason().empty() ? system.render(e) : stop.reason();
                 started = make_error(errc::unavailable, "the actor tree did not start: " + why);
               });
  return started;
}

}  // namespace

int run_node(const NodeConfig& config) {
  if (auto logging = runtime::init_logging(config.log_level); !logging) {
    std::cerr << "deepseek-server: " << logging.error().message << "\n";
    return runtime::kExitConfig;
  }
  if (config.role != Role::all) {
    spdlog::error(
        "role {} is not available in this version, which runs every part in one process: "
        "set role: all",
        to_string(config.role));
    return runtime::kExitConfig;
  }
  auto tokenizer = query_tokenizer(config.text);
  if (!tokenizer) {
    spdlog::error("{}", tokenizer.error().message);
    return runtime::kExitConfig;
  }
  StopRequest stop;
  // Before any other thread exists, so that only the watcher takes signals.
  SignalWatcher signals([&stop](int signal) { stop.request(runtime::kExitOk, strsignal(signal)); });

  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) {
    spdlog::error("data_dir {}: cannot create: {}", config.data_dir.string(), ec.message());
    return runtime::kExitFailure;
  }
  auto shard_count = prepare_graph_shards(config);
  if (!shard_count) {
    spdlog::error("{}", shard_count.error().message);
    return shard_count.error().code == errc::config_error ? runtime::kExitConfig
                                                          : runtime::kExitFailure;
  }
  runtime::Metrics metrics(runtime::build_info(), config.name, to_string(config.role));
  runtime::Router metrics_router;
  runtime::add_metrics_route(metrics_router, metrics);
  runtime::HttpServer metrics_http(metrics_options(config), metrics_router, {});
  if (auto listening = metrics_http.start(); !listening) {
    spdlog::error("{}", listening.error().message);
    return runtime::kExitFailure;
  }

  caf::actor_system_config caf_config;
  runtime::configure_actor_system(caf_config, actor_options(config));
  caf::actor_system system{caf_config};
  Shared parts{std::make_shared<actors::ShardMap>(*shard_count), *tokenizer};
  parts.devices = probe_compute_devices();
  parts.compute = std::make_shared<actors::ComputeUnits>(parts.devices.gpus.size());
  ActorTree tree{system, spawn_lifecycle(system), nullptr, std::move(parts)};
  const auto& shared = tree.shared;
  auto root = start_root(system, config, metrics, stop, shared);
  if (!root) {
    spdlog::error("{}", root.error().message);
    tree.stop(Clock::now() + config.shutdown.timeout);
    return runtime::kExitFailure;
  }
  tree.root = *root;

  runtime::Router router;
  add_node_routes(router, system, tree.lifecycle, config);
  add_graph_routes(router, system, shared.gateway, config);
  add_vector_routes(router, system, shared.gateway, config);
  add_text_routes(router, system, shared.gateway, config);
  auto admission = std::make_shared<Admission>(config.serving.max_queue, &metrics);
  add_query_routes(router, system, shared.gateway, config, admission, &metrics);
  runtime::HttpServer http(
      http_options(config), router,
      [&metrics](const runtime::RequestRecord& record) { metrics.observe_http(record); });
  if (auto listening = http.start(); !listening) {
    spdlog::error("{}", listening.error().message);
    tree.stop(Clock::now() + config.shutdown.timeout);
    return runtime::kExitFailure;
  }
  int exit_code = runtime::kExitOk;
  if (auto repaired = repair_graph(system, *shared.gateway, config); !repaired)
    stop.request(runtime::kExitFailure, repaired.error().message);
  if (config.demo.import && !stop.requested()) {
    auto demo =
        import_demo_graph(system, *shared.gateway, config, [&] { return stop.requested(); });
    if (!demo && !stop.requested()) stop.request(runtime::kExitFailure, demo.error().message);
  }
  if (config.serving.warmup_requests > 0 && !stop.requested()) {
    auto warmed = warm_up(system, *shared.gateway, config);
    spdlog::info("warm-up: {} queries in {:.0f} ms{}", warmed.queries, warmed.seconds * 1000,
                 warmed.failed ? fmt::format(" ({} failed; debug logs say why)", warmed.failed)
                               : std::string());
  }
  if (!stop.requested()) {
    caf::anon_send(tree.lifecycle, ready_atom::value);
    spdlog::info(
        "node '{}' ({} {}) serving: http://{}:{}  metrics http://{}:{}/metrics  sdk {}:{}  "
        "data {} ({} graph shards)",
        config.name, "deepseek", runtime::build_info().version, config.bind, http.port(),
        config.bind, config.metrics.port, config.bind, config.sdk.port, config.data_dir.string(),
        *shard_count);
  }
  exit_code = stop.wait();
  if (exit_code != runtime::kExitOk) spdlog::error("stopping: {}", stop.reason());
  caf::anon_send(tree.lifecycle, drain_atom::value);
  http.begin_drain();
  std::this_thread::sleep_for(config.shutdown.drain_delay);
  auto deadline = Clock::now() + config.shutdown.timeout;
  bool drained = http.shutdown(deadline);
  bool stopped = tree.stop(deadline);
  spdlog::info("stopped{}", drained && stopped ? "" : " (some work was cut off at the deadline)");
  return exit_code;
}

}  // namespace ds::node
