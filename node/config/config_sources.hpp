#pragma once

// The sources a NodeConfig is built from. Each applies the keys it holds on
// top of what is already there; configure_node() calls them in precedence
// order. Errors name the source, the line where there is one, and the key:
//   config/dev.yaml:12: http.port: expected an integer in 1..65535, got "x"

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "node/config/node_config.hpp"

namespace ds::node {

using Environment = std::map<std::string, std::string, std::less<>>;

/// A YAML file (config/dev.yaml). `system_ini` is resolved against its folder.
Result<void> apply_yaml_file(const std::filesystem::path& path, NodeConfig& config);

/// YAML text; `origin` names it in errors and anchors relative paths.
Result<void> apply_yaml_text(std::string_view text, const std::filesystem::path& origin,
                             NodeConfig& config);

/// An INI file (config/system.ini) read with Boost.PropertyTree.
Result<void> apply_ini_file(const std::filesystem::path& path, NodeConfig& config);
Result<void> apply_ini_text(const std::string& text, const std::filesystem::path& origin,
                            NodeConfig& config);

/// `DEEPSEEK_<KEY>` variables for every known key. Other DEEPSEEK_* variables
/// are left alone (users keep unrelated ones, such as API keys, around).
Result<void> apply_environment(const Environment& env, NodeConfig& config);

/// The current process environment as an Environment.
Environment process_environment();

}  // namespace ds::node
