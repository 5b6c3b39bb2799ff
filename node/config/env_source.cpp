#include "node/config/config_keys.hpp"
#include "node/config/config_sources.hpp"

extern char** environ;

namespace ds::node {

Result<void> apply_environment(const Environment& env, NodeConfig& config) {
  for (const auto& key : config_keys()) {
    auto var = env.find(env_var_name(key.name));
    if (var == env.end()) continue;
    if (auto r = key.set(config, var->second); !r)
      return make_error(errc::config_error, "environment " + var->first + ": " +
                                                std::string(key.name) + ": " + r.error().message);
  }
  return {};
}

Environment process_environment() {
  Environment env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    auto eq = text.find('=');
    if (eq != std::string_view::npos) env.emplace(text.substr(0, eq), text.substr(eq + 1));
  }
  return env;
}

}  // namespace ds::node
