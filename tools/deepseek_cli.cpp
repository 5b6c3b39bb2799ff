// deepseek-cli: talks to a running node through the SDK.
//   deepseek-cli ping [--host H] [--port P] [--count N] [--timeout MS]
#include <algorithm>
#include <iostream>
#include <vector>

#include <CLI/CLI.hpp>

#include "runtime/build_info.hpp"
#include "runtime/exit_codes.hpp"
#include "sdk/client.hpp"

namespace {

using ds::runtime::kExitFailure;
using ds::runtime::kExitOk;

struct PingOptions {
  unsigned count = 1;
  std::string payload = "ping";
};

int ping(const ds::sdk::ClientOptions& options, const PingOptions& ping) {
  auto client = ds::sdk::Client::connect(options);
  if (!client) {
    std::cerr << "deepseek-cli: " << client.error().message << "\n";
    return kExitFailure;
  }
  std::vector<double> millis;
  for (unsigned i = 0; i < ping.count; ++i) {
    auto pong = (*client)->ping(ping.payload).get();
    if (!pong) {
      std::cerr << "deepseek-cli: ping " << options.host << ":" << options.port
                << " failed: " << pong.error().message << "\n";
      return kExitFailure;
    }
    if (pong->payload != ping.payload) {
      std::cerr << "deepseek-cli: the node echoed \"" << pong->payload << "\" instead of \""
                << ping.payload << "\"\n";
      return kExitFailure;
    }
    millis.push_back(static_cast<double>(pong->round_trip.count()) / 1000.0);
    std::cout << "pong from node '" << pong->node << "' (deepseek " << pong->version << ") at "
              << options.host << ":" << options.port << ": " << millis.back() << " ms\n";
  }
  if (millis.size() > 1) {
    std::sort(millis.begin(), millis.end());
    std::cout << millis.size() << " pings: min " << millis.front() << " ms, median "
              << millis[millis.size() / 2] << " ms, max " << millis.back() << " ms\n";
  }
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"deepseek-cli: talk to a running DeepSeek node through its gateway (sdk.port)",
               "deepseek-cli"};
  app.require_subcommand(1);
  app.fallthrough();  // --host/--port may follow the subcommand
  ds::sdk::ClientOptions options;
  app.add_option("--host", options.host, "node address")
      ->envname("DEEPSEEK_HOST")
      ->capture_default_str();
  app.add_option("--port", options.port, "the node's sdk.port")
      ->envname("DEEPSEEK_SDK_PORT")
      ->capture_default_str();
  unsigned timeout_ms = 10'000;
  app.add_option("--timeout", timeout_ms, "request timeout in milliseconds")->capture_default_str();
  app.set_version_flag(
      "--version", std::string("deepseek-cli ") + std::string(ds::runtime::build_info().version));

  PingOptions ping_options;
  auto* ping_cmd = app.add_subcommand("ping", "round-trip a Cap'n Proto request through the node");
  ping_cmd->add_option("--count", ping_options.count, "how many pings")
      ->check(CLI::Range(1u, 1000000u));
  ping_cmd->add_option("--payload", ping_options.payload, "text the node echoes back");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return kExitOk;
  } catch (const CLI::CallForVersion&) {
    std::cout << app.version() << "\n";
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    std::cerr << "deepseek-cli: " << e.what() << "\n\n" << app.help();
    return ds::runtime::kExitUsage;
  }
  options.request_timeout = std::chrono::milliseconds(timeout_ms);
  if (ping_cmd->parsed()) return ping(options, ping_options);
  return kExitOk;
}
