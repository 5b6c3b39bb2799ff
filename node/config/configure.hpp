#pragma once

// Builds a NodeConfig from all sources, lowest precedence first:
//   defaults < YAML file (--config) < system.ini < DEEPSEEK_* environment < flags.

#include <iosfwd>
#include <optional>

#include "node/config/config_sources.hpp"
#include "node/config/node_config.hpp"

namespace ds::node {

/// Either a configuration to run with, or the exit code to leave with (the
/// reason has been printed: usage on `err` for exit 2, one line for exit 78,
/// help or version on `out` for exit 0).
struct ConfigOutcome {
  std::optional<NodeConfig> config;
  int exit_code = 0;
};

ConfigOutcome configure_node(int argc, const char* const* argv, const Environment& env,
                             std::ostream& out, std::ostream& err);

}  // namespace ds::node
