#pragma once

// deepseek-cli's subcommands, one file each. Each registers its options on
// the CLI11 app and returns the function that runs it once parsing is done.

#include <functional>

#include <CLI/CLI.hpp>

#include "sdk/client.hpp"

namespace ds::cli {

/// Runs a parsed subcommand; returns the process exit code.
using Command = std::function<int(const sdk::ClientOptions& options)>;

Command add_ping(CLI::App& app, CLI::App*& subcommand);
Command add_import(CLI::App& app, CLI::App*& subcommand);
Command add_node(CLI::App& app, CLI::App*& subcommand);
Command add_neighbours(CLI::App& app, CLI::App*& subcommand);
Command add_stats(CLI::App& app, CLI::App*& subcommand);
Command add_search(CLI::App& app, CLI::App*& subcommand);
Command add_query(CLI::App& app, CLI::App*& subcommand);
Command add_vectors(CLI::App& app, CLI::App*& subcommand);
/// `vectors import`, registered under the `vectors` subcommand.
Command add_vectors_import(CLI::App& vectors, CLI::App*& subcommand);

/// Connects, or prints why not and returns null.
std::unique_ptr<sdk::Client> connect(const sdk::ClientOptions& options);

/// Prints "deepseek-cli: <message>" to stderr; returns kExitFailure.
int fail(const std::string& message);

}  // namespace ds::cli
