// YAML config files (yaml-cpp). Mappings nest keys: `http: {port: 8080}` sets
// `http.port`. Every scalar is handed to the key table as text, so YAML's own
// typing (1 vs "1") does not matter; a mapping or list where a value belongs,
// or a value where a mapping belongs, is a type error.

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "node/config/config_keys.hpp"
#include "node/config/config_sources.hpp"

namespace ds::node {
namespace {

struct YamlWalk {
  const std::filesystem::path& origin;
  NodeConfig& config;

  Error at(const YAML::Node& node, std::string_view key, const std::string& what) const {
    return make_error(errc::config_error, origin.string() + ":" +
                                              std::to_string(node.Mark().line + 1) + ": " +
                                              std::string(key) + ": " + what);
  }

  static bool is_section(std::string_view prefix) {
    for (const auto& key : config_keys())
      if (key.name.size() > prefix.size() && key.name.substr(0, prefix.size()) == prefix &&
          key.name[prefix.size()] == '.')
        return true;
    return false;
  }

  /// The key's text: a scalar, or for a list key a sequence of scalars
  /// joined by commas.
  static Result<std::string> scalar_text(const ConfigKey& spec, const YAML::Node& node) {
    if (node.IsScalar()) return node.Scalar();
    if (spec.list && node.IsSequence()) {
      std::string joined;
      for (const auto& item : node) {
        if (!item.IsScalar())
          return make_error(errc::invalid_argument, "expected a list of single values");
        joined += (joined.empty() ? "" : ",") + item.Scalar();
      }
      return joined;
    }
    return make_error(errc::invalid_argument,
                      node.IsNull() ? "expected a value, got nothing"
                      : spec.list   ? "expected a list, got a mapping"
                                    : "expected a single value, got a mapping or list");
  }

  Result<void> mapping(const YAML::Node& map, const std::string& prefix) {
    for (const auto& entry : map) {
      auto name = entry.first.as<std::string>();
      auto full = prefix.empty() ? name : prefix + "." + name;
      if (auto r = value(entry.first, entry.second, full); !r) return r;
    }
    return {};
  }

  Result<void> value(const YAML::Node& key_node, const YAML::Node& node, const std::string& key) {
    if (is_section(key)) {
      if (node.IsMap()) return mapping(node, key);
      return at(key_node, key, "expected a mapping of keys (such as port: 8080)");
    }
    const ConfigKey* spec = find_config_key(key);
    if (spec == nullptr) return at(key_node, key, unknown_key_message(key));
    if (spec->home != KeyHome::yaml)
      return at(key_node, key, "this key belongs in system.ini, not in the YAML file");
    auto text = scalar_text(*spec, node);
    if (!text) return at(key_node, key, text.error().message);
    if (auto r = spec->set(config, *text); !r) return at(node, key, r.error().message);
    if (key == "system_ini" && config.system_ini.is_relative())
      config.system_ini = origin.parent_path() / config.system_ini;
    return {};
  }
};

}  // namespace

Result<void> apply_yaml_text(std::string_view text, const std::filesystem::path& origin,
                             NodeConfig& config) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return make_error(errc::config_error, origin.string() + ":" + std::to_string(e.mark.line + 1) +
                                              ": YAML syntax error: " + e.msg);
  }
  if (root.IsNull()) return {};  // an empty file sets nothing
  if (!root.IsMap())
    return make_error(errc::config_error,
                      origin.string() + ":1: expected a mapping of keys at the top level");
  try {
    return YamlWalk{origin, config}.mapping(root, "");
  } catch (const YAML::Exception& e) {  // e.g. a key that is not a string
    return make_error(errc::config_error,
                      origin.string() + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

Result<void> apply_yaml_file(const std::filesystem::path& path, NodeConfig& config) {
  std::ifstream in(path);
  if (!in)
    return make_error(errc::config_error,
                      path.string() + ": cannot read the config file: " + std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  return apply_yaml_text(text.str(), path, config);
}

}  // namespace ds::node
