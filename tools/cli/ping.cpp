#include <algorithm>
#include <iostream>
#include <vector>

#include "runtime/exit_codes.hpp"
#include "tools/cli/commands.hpp"

namespace ds::cli {
namespace {

struct PingOptions {
  unsigned count = 1;
  std::string payload = "ping";
};

int ping(const sdk::ClientOptions& options, const PingOptions& ping) {
  auto client = connect(options);
  if (!client) return runtime::kExitFailure;
  std::vector<double> millis;
  for (unsigned i = 0; i < ping.count; ++i) {
    auto pong = client->ping(ping.payload).get();
    if (!pong)
      return fail("ping " + options.host + ":" + std::to_string(options.port) +
                  " failed: " + pong.error().message);
    if (pong->payload != ping.payload)
      return fail("the node echoed \"" + pong->payload + "\" instead of \"" + ping.payload + "\"");
    millis.push_back(static_cast<double>(pong->round_trip.count()) / 1000.0);
    std::cout << "pong from node '" << pong->node << "' (deepseek " << pong->version << ") at "
              << options.host << ":" << options.port << ": " << millis.back() << " ms\n";
  }
  if (millis.size() > 1) {
    std::sort(millis.begin(), millis.end());
    std::cout << millis.size() << " pings: min " << millis.front() << " ms, median "
              << millis[millis.size() / 2] << " ms, max " << millis.back() << " ms\n";
  }
  return runtime::kExitOk;
}

}  // namespace

Command add_ping(CLI::App& app, CLI::App*& subcommand) {
  auto options = std::make_shared<PingOptions>();
  subcommand = app.add_subcommand("ping", "round-trip a Cap'n Proto request through the node");
  subcommand->add_option("--count", options->count, "how many pings")
      ->check(CLI::Range(1u, 1000000u));
  subcommand->add_option("--payload", options->payload, "text the node echoes back");
  return [options](const sdk::ClientOptions& client) { return ping(client, *options); };
}

}  // namespace ds::cli
