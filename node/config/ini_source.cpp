// INI config files (config/system.ini) through Boost.PropertyTree: `[memory]`
// then `max_cache_size = 16GB` sets `memory.max_cache_size`. PropertyTree
// reports syntax errors with their line but not where a key stands, so the
// line of a bad key is found by scanning the text (line_of_key).

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <boost/property_tree/ini_parser.hpp>
#include <boost/property_tree/ptree.hpp>

#include "node/config/config_keys.hpp"
#include "node/config/config_sources.hpp"
#include "node/config/config_text.hpp"

namespace ds::node {
namespace {

/// 1-based line of `key` inside `[section]` (section "" = before any header).
std::size_t line_of_key(const std::string& text, std::string_view section, std::string_view key) {
  std::istringstream lines(text);
  std::string line;
  std::string_view current;
  std::string current_storage;
  for (std::size_t number = 1; std::getline(lines, line); ++number) {
    auto t = trim(line);
    if (t.size() >= 2 && t.front() == '[' && t.back() == ']') {
      current_storage = std::string(trim(t.substr(1, t.size() - 2)));
      current = current_storage;
    } else if (current == section) {
      auto eq = t.find('=');
      if (eq != std::string_view::npos && trim(t.substr(0, eq)) == key) return number;
    }
  }
  return 0;
}

}  // namespace

Result<void> apply_ini_text(const std::string& text, const std::filesystem::path& origin,
                            NodeConfig& config) {
  namespace pt = boost::property_tree;
  pt::ptree tree;
  try {
    std::istringstream in(text);
    pt::read_ini(in, tree);
  } catch (const pt::ini_parser_error& e) {
    return make_error(errc::config_error, origin.string() + ":" + std::to_string(e.line()) +
                                              ": INI syntax error: " + e.message());
  }
  auto fail = [&](std::string_view section, std::string_view key, const std::string& full,
                  const std::string& what) {
    return make_error(errc::config_error, origin.string() + ":" +
                                              std::to_string(line_of_key(text, section, key)) +
                                              ": " + full + ": " + what);
  };
  for (const auto& [section, entries] : tree) {
    if (entries.empty())  // a key before any [section]
      return fail("", section, section, "expected inside a [section], such as [memory]");
    for (const auto& [key, value] : entries) {
      auto full = section + "." + key;
      const ConfigKey* spec = find_config_key(full);
      if (spec == nullptr) return fail(section, key, full, unknown_key_message(full));
      if (spec->home != KeyHome::ini)
        return fail(section, key, full, "this key belongs in the YAML file, not in system.ini");
      if (auto r = spec->set(config, value.data()); !r)
        return fail(section, key, full, r.error().message);
    }
  }
  return {};
}

Result<void> apply_ini_file(const std::filesystem::path& path, NodeConfig& config) {
  std::ifstream in(path);
  if (!in)
    return make_error(errc::config_error,
                      path.string() + ": cannot read the config file: " + std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  return apply_ini_text(text.str(), path, config);
}

}  // namespace ds::node
