#pragma once

// The one list of configuration keys: name, which file holds it, what it
// means, and how its text is parsed and range-checked into NodeConfig. Every
// source (YAML, INI, environment, command line) sets keys through this table,
// so a key is added in one place and validated the same way everywhere.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "node/config/node_config.hpp"

namespace ds::node {

/// The file that may set a key. The environment and the command line may set
/// any key.
enum class KeyHome { yaml, ini };

struct ConfigKey {
  std::string_view name;  ///< dotted path: "http.port" is `http: {port: ...}` in YAML
  KeyHome home;
  std::string_view help;
  /// Parses `text` into the config; the error says what was expected and what
  /// was given, without saying where (the source adds that).
  std::function<Result<void>(NodeConfig&, std::string_view text)> set;
  /// A list: set takes its items comma-separated (a YAML sequence is joined so).
  bool list = false;
};

const std::vector<ConfigKey>& config_keys();

/// nullptr when no key has that name.
const ConfigKey* find_config_key(std::string_view name);

/// "unknown key (did you mean \"http.port\"?); ..." for a misspelt key.
std::string unknown_key_message(std::string_view key);

/// `DEEPSEEK_HTTP_PORT` for `http.port`.
std::string env_var_name(std::string_view key);

/// `--http-port` for `http.port`, `--data-dir` for `data_dir`.
std::string flag_name(std::string_view key);

/// Checks that need several keys at once (distinct ports, ...).
Result<void> validate(const NodeConfig& config);

}  // namespace ds::node
