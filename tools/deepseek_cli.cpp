// deepseek-cli: talks to a running node through the SDK. Subcommands live in
// tools/cli/, one file each.
#include <iostream>

#include <CLI/CLI.hpp>

#include "runtime/build_info.hpp"
#include "runtime/exit_codes.hpp"
#include "tools/cli/commands.hpp"

namespace ds::cli {

std::unique_ptr<sdk::Client> connect(const sdk::ClientOptions& options) {
  auto client = sdk::Client::connect(options);
  if (!client) {
    fail(client.error().message);
    return nullptr;
  }
  return std::move(client).value();
}

int fail(const std::string& message) {
  std::cerr << "deepseek-cli: " << message << "\n";
  return runtime::kExitFailure;
}

}  // namespace ds::cli

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
  unsigned timeout_ms = 30'000;
  app.add_option("--timeout", timeout_ms, "request timeout in milliseconds")->capture_default_str();
  app.set_version_flag(
      "--version", std::string("deepseek-cli ") + std::string(ds::runtime::build_info().version));

  std::vector<std::pair<CLI::App*, ds::cli::Command>> commands;
  for (auto add : {ds::cli::add_ping, ds::cli::add_import, ds::cli::add_node,
                   ds::cli::add_neighbours, ds::cli::add_stats, ds::cli::add_search, ds::cli::add_query,
                   ds::cli::add_vectors}) {
    CLI::App* subcommand = nullptr;
    auto run = add(app, subcommand);
    commands.emplace_back(subcommand, std::move(run));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return ds::runtime::kExitOk;
  } catch (const CLI::CallForVersion&) {
    std::cout << app.version() << "\n";
    return ds::runtime::kExitOk;
  } catch (const CLI::ParseError& e) {
    std::cerr << "deepseek-cli: " << e.what() << "\n\n" << app.help();
    return ds::runtime::kExitUsage;
  }
  options.request_timeout = std::chrono::milliseconds(timeout_ms);
  for (const auto& [subcommand, run] : commands)
    if (subcommand->parsed()) return run(options);
  return ds::runtime::kExitOk;
}
