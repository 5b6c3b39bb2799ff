#include "node/config/configure.hpp"

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "node/config/config_keys.hpp"
#include "runtime/build_info.hpp"
#include "runtime/exit_codes.hpp"

namespace ds::node {
namespace {

/// The keys that have a flag of their own; any key can be set from the
/// environment.
constexpr std::string_view kFlagKeys[] = {"role",      "data_dir",     "log_level",
                                          "http.port", "metrics.port", "sdk.port"};

struct CommandLine {
  std::string config_path;
  std::vector<std::pair<std::string_view, std::string>> settings;  // key, text
};

ConfigOutcome config_error(std::ostream& err, const Error& e) {
  err << "deepseek-server: " << e.message << "\n";
  return {std::nullopt, runtime::kExitConfig};
}

/// Parses argv; on help, version or a usage error returns the outcome to exit with.
std::optional<ConfigOutcome> parse_command_line(int argc, const char* const* argv, CommandLine& cl,
                                                std::ostream& out, std::ostream& err) {
  CLI::App app{"deepseek-server: a DeepSeek node (knowledge graph, vectors, queries)",
               "deepseek-server"};
  app.add_option("--config", cl.config_path, "YAML config file (e.g. config/dev.yaml)");
  bool version = false;
  app.add_flag("--version", version, "print the build version and exit");
  std::vector<std::string> values(std::size(kFlagKeys));
  std::vector<CLI::Option*> options;
  for (std::size_t i = 0; i < std::size(kFlagKeys); ++i) {
    const ConfigKey* key = find_config_key(kFlagKeys[i]);
    options.push_back(app.add_option(flag_name(key->name), values[i], std::string(key->help)));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return ConfigOutcome{std::nullopt, runtime::kExitOk};
  } catch (const CLI::ParseError& e) {
    err << "deepseek-server: " << e.what() << "\n\n" << app.help();
    return ConfigOutcome{std::nullopt, runtime::kExitUsage};
  }
  if (version) {
    out << "deepseek-server " << runtime::build_info().version << " ("
        << runtime::build_info().commit << ")\n";
    return ConfigOutcome{std::nullopt, runtime::kExitOk};
  }
  for (std::size_t i = 0; i < std::size(kFlagKeys); ++i)
    if (options[i]->count() > 0) cl.settings.emplace_back(kFlagKeys[i], values[i]);
  return std::nullopt;
}

}  // namespace

ConfigOutcome configure_node(int argc, const char* const* argv, const Environment& env,
                             std::ostream& out, std::ostream& err) {
  CommandLine cl;
  if (auto done = parse_command_line(argc, argv, cl, out, err)) return *done;
  if (cl.config_path.empty())
    if (auto var = env.find("DEEPSEEK_CONFIG"); var != env.end()) cl.config_path = var->second;

  NodeConfig config;
  if (!cl.config_path.empty())
    if (auto r = apply_yaml_file(cl.config_path, config); !r) return config_error(err, r.error());
  // The environment may point at another system.ini; it must be known before
  // the INI layer, which sits below the environment.
  if (auto var = env.find(env_var_name("system_ini")); var != env.end())
    config.system_ini = var->second;
  if (!config.system_ini.empty())
    if (auto r = apply_ini_file(config.system_ini, config); !r) return config_error(err, r.error());
  if (auto r = apply_environment(env, config); !r) return config_error(err, r.error());

  for (const auto& [key, text] : cl.settings) {
    if (auto r = find_config_key(key)->set(config, text); !r) {
      err << "deepseek-server: " << flag_name(key) << ": " << r.error().message
          << "\nRun deepseek-server --help for usage.\n";
      return {std::nullopt, runtime::kExitUsage};
    }
  }
  // Checks across keys: the keys may come from different sources, so the
  // message names the keys, not a file.
  if (auto r = validate(config); !r) return config_error(err, r.error());
  return {std::move(config), runtime::kExitOk};
}

}  // namespace ds::node
