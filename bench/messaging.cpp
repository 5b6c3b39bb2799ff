// bench/messaging: request/response round trips per second
//   (a) between two actors in one process with CAF-native payloads,
//   (b) the same with the Cap'n Proto envelope (the real gateway actor),
//   (c) between two processes over loopback (the gateway published by a
//       child process of this program).
// Each figure is the median of --runs windows of --seconds; (b) is also
// printed as a ratio to (a), the baseline measured in the same run.
//
//   deepseek-bench-messaging [--seconds 1] [--runs 5] [--payload 64] [--json out.json]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/io/middleman.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/stateful_actor.hpp>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "actors/gateway/gateway.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/read.hpp"
#include "runtime/actor_system_setup.hpp"
#include "schema/gateway.capnp.h"

namespace {

using Clock = std::chrono::steady_clock;

// -- (a) the CAF-native baseline: the same fields as PingRequest/Response. ----

struct NativePing {
  uint64_t request_id = 0;
  int64_t deadline_unix_micros = 0;
  uint8_t priority = 0;
  std::string payload;
};

struct NativePong {
  std::string payload;
  std::string node;
  std::string version;
  int64_t server_time_unix_micros = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, NativePing& x) {
  return f(caf::meta::type_name("NativePing"), x.request_id, x.deadline_unix_micros, x.priority,
           x.payload);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, NativePong& x) {
  return f(caf::meta::type_name("NativePong"), x.payload, x.node, x.version,
           x.server_time_unix_micros);
}

int64_t now_micros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

caf::behavior native_server(caf::event_based_actor*) {
  return {[](caf::ping_atom, const NativePing& ping) {
    return NativePong{ping.payload, "bench", "0.0.0", now_micros()};
  }};
}

/// What one protocol sends and how it checks the reply.
struct NativeProtocol {
  std::string payload;
  uint64_t id = 0;
  auto request() { return NativePing{++id, now_micros() + 1'000'000, 0, payload}; }
  bool check(const NativePong& pong) const { return pong.payload.size() == payload.size(); }
};

struct EnvelopeProtocol {
  std::string payload;
  uint64_t id = 0;
  ds::wire::Envelope request() {
    return ds::wire::build<ds::schema::PingRequest>([&](ds::schema::PingRequest::Builder ping) {
      auto header = ping.initHeader();
      header.setRequestId(++id);
      header.setDeadlineUnixMicros(now_micros() + 1'000'000);
      ping.initPayload().setText(payload);
    });
  }
  bool check(const ds::wire::Envelope& pong) const {
    auto size = ds::wire::read<ds::schema::PingResponse>(
        pong, [](ds::schema::PingResponse::Reader r) { return r.getPayload().getText().size(); });
    return size.ok() && *size == payload.size();
  }
};

/// Keeps `in_flight` requests outstanding against `server` until `until`,
/// then reports how many round trips completed.
template <class Protocol, class Reply, class Handle>
struct ClientState {
  Protocol protocol;
  uint64_t done = 0;
  uint64_t failed = 0;
  Clock::time_point until;
};

template <class Protocol, class Reply, class Handle>
void send_one(caf::stateful_actor<ClientState<Protocol, Reply, Handle>>* self, Handle server) {
  self->request(server, caf::infinite, caf::ping_atom::value, self->state.protocol.request())
      .then(
          [self, server](const Reply& reply) {
            if (self->state.protocol.check(reply))
              ++self->state.done;
            else
              ++self->state.failed;
            if (Clock::now() < self->state.until) send_one(self, server);
          },
          [self](caf::error&) { ++self->state.failed; });
}

template <class Protocol, class Reply, class Handle>
double measure(caf::actor_system& system, Handle server, Protocol protocol, unsigned in_flight,
               double seconds) {
  using State = ClientState<Protocol, Reply, Handle>;
  auto start = Clock::now();
  auto until =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  auto result = std::make_shared<std::pair<uint64_t, uint64_t>>();
  {
    auto client = system.spawn([=](caf::stateful_actor<State>* self) {
      self->state.protocol = protocol;
      self->state.until = until;
      for (unsigned i = 0; i < in_flight; ++i)
        send_one<Protocol, Reply, Handle>(self, server);
      self->set_default_handler(caf::drop);
      return caf::behavior{[self, result](caf::get_atom) {
        *result = {self->state.done, self->state.failed};
        self->quit();
      }};
    });
    std::this_thread::sleep_until(until + std::chrono::milliseconds(200));  // let stragglers land
    caf::scoped_actor self{system};
    self->send(client, caf::get_atom::value);
    self->wait_for(client);
  }
  auto elapsed = std::chrono::duration<double>(until - start).count();
  if (result->second > 0) std::cerr << "warning: " << result->second << " failed round trips\n";
  return static_cast<double>(result->first) / elapsed;
}

double median(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  return xs[xs.size() / 2];
}

template <class F>
double median_of(unsigned runs, F run) {
  std::vector<double> rates;
  for (unsigned i = 0; i < runs; ++i)
    rates.push_back(run());
  return median(rates);
}

void configure(caf::actor_system_config& cfg, bool network) {
  ds::runtime::ActorSystemOptions options;
  options.network = network;
  ds::runtime::configure_actor_system(cfg, options);
}

/// --serve PORT: publish a gateway, print "ready", serve until killed.
int serve(uint16_t port) {
  caf::actor_system_config cfg;
  configure(cfg, true);
  caf::actor_system system{cfg};
  auto gateway = ds::actors::spawn_gateway(system, {"bench-server", "0.0.0", {}});
  auto published = system.middleman().publish(gateway, port, "127.0.0.1", true);
  if (!published) {
    std::cerr << "serve: " << system.render(published.error()) << "\n";
    return 1;
  }
  std::cout << "ready " << *published << std::endl;
  pause();
  return 0;
}

/// Starts `--serve 0` as a child process; returns its pid and port.
std::pair<pid_t, uint16_t> start_server_process() {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    execl("/proc/self/exe", "deepseek-bench-messaging", "--serve", "0",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  FILE* out = fdopen(fds[0], "r");
  unsigned port = 0;
  if (fscanf(out, "ready %u", &port) != 1)
    throw std::runtime_error("the server process did not start");
  fclose(out);
  return {pid, static_cast<uint16_t>(port)};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "request/response round trips per second: CAF-native vs Cap'n Proto envelope, "
      "in-process vs two processes"};
  double seconds = 1.0;
  unsigned runs = 5, payload_bytes = 64;
  std::string json_path;
  int serve_port = -1;
  app.add_option("--seconds", seconds, "length of one measurement window")->capture_default_str();
  app.add_option("--runs", runs, "windows per figure (the median is reported)")
      ->capture_default_str();
  app.add_option("--payload", payload_bytes, "payload bytes per request")->capture_default_str();
  app.add_option("--json", json_path, "also write the figures as JSON to this file");
  app.add_option("--serve", serve_port, "internal: run the server process")->group("");
  CLI11_PARSE(app, argc, argv);
  if (serve_port >= 0) return serve(static_cast<uint16_t>(serve_port));

  std::string payload(payload_bytes, 'x');
  caf::actor_system_config cfg;
  configure(cfg, true);
  caf::actor_system system{cfg};
  auto native = system.spawn(native_server);
  auto gateway = ds::actors::spawn_gateway(system, {"bench", "0.0.0", {}});
  auto [child, port] = start_server_process();
  auto remote = system.middleman().remote_actor<ds::protocol::gateway_actor>("127.0.0.1", port);
  if (!remote) {
    std::cerr << "cannot reach the server process: " << system.render(remote.error()) << "\n";
    return 1;
  }

  std::printf("messaging benchmark: median of %u windows x %.1f s, payload %u B, %zu CAF threads\n",
              runs, seconds, payload_bytes,
              static_cast<size_t>(std::thread::hardware_concurrency()));
  nlohmann::json results = nlohmann::json::array();
  for (unsigned in_flight : {1u, 32u}) {
    double a = median_of(runs, [&] {
      return measure<NativeProtocol, NativePong>(system, native, NativeProtocol{payload}, in_flight,
                                                 seconds);
    });
    double b = median_of(runs, [&] {
      return measure<EnvelopeProtocol, ds::wire::Envelope>(
          system, gateway, EnvelopeProtocol{payload}, in_flight, seconds);
    });
    double c = median_of(runs, [&] {
      return measure<EnvelopeProtocol, ds::wire::Envelope>(
          system, *remote, EnvelopeProtocol{payload}, in_flight, seconds);
    });
    std::printf("%2u in flight  (a) in-process, CAF-native     %10.0f round trips/s\n", in_flight,
                a);
    std::printf("%2u in flight  (b) in-process, Cap'n Proto    %10.0f round trips/s   b/a = %.2f\n",
                in_flight, b, b / a);
    std::printf("%2u in flight  (c) two processes, loopback    %10.0f round trips/s   c/a = %.3f\n",
                in_flight, c, c / a);
    results.push_back({{"in_flight", in_flight},
                       {"caf_native_per_s", a},
                       {"capnp_envelope_per_s", b},
                       {"two_process_per_s", c},
                       {"ratio_b_a", b / a}});
  }
  kill(child, SIGTERM);
  waitpid(child, nullptr, 0);
  if (!json_path.empty())
    std::ofstream(json_path) << nlohmann::json{{"benchmark", "messaging"},
                                               {"seconds", seconds},
                                               {"runs", runs},
                                               {"payload_bytes", payload_bytes},
                                               {"results", results}}
                                    .dump(2)
                             << "\n";
  return 0;
}
