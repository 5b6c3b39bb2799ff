#define BOOST_TEST_MODULE config_configure
#include "node/config/configure.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "common/testing/temp_dir.hpp"
#include "node/config/config_keys.hpp"
#include "runtime/exit_codes.hpp"

using namespace ds;
using namespace ds::node;
namespace fs = std::filesystem;

namespace {

/// A temp folder with config files in it, removed at the end of the test.
struct ConfigDir {
  testing::TempDir temp{"ds-config"};
  const fs::path& dir = temp.path();
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name) << text;
    return dir / name;
  }
};

struct Run {
  ConfigOutcome outcome;
  std::string out, err;
};

Run configure(std::vector<std::string> args, const Environment& env = {}) {
  args.insert(args.begin(), "deepseek-server");
  std::vector<const char*> argv;
  for (const auto& a : args)
    argv.push_back(a.c_str());
  std::ostringstream out, err;
  auto outcome = configure_node(static_cast<int>(argv.size()), argv.data(), env, out, err);
  return {std::move(outcome), out.str(), err.str()};
}

const char* kYaml = R"(# a node
name: test-node
data_dir: /tmp/ds-data
log_level: debug
system_ini: system.ini
http:
  port: 18080
  max_body_size: 1MB
  idle_timeout: 5s
metrics:
  port: 18081
sdk:
  port: 18082
)";

const char* kIni = R"(; the seed's tuning keys
[memory]
max_cache_size = 2GB

[network]
rpc_timeout = 1500
batch_size = 32
)";

}  // namespace

BOOST_AUTO_TEST_CASE(defaults_apply_without_any_source) {
  auto run = configure({});
  BOOST_REQUIRE(run.outcome.config);
  BOOST_TEST(run.outcome.config->http.port == 8080);
  BOOST_TEST(run.outcome.config->metrics.port == 8081);
  BOOST_TEST(run.outcome.config->system.batch_size == 64u);
  BOOST_TEST(run.outcome.config->system.max_cache_bytes == 16ull << 30);
}

BOOST_AUTO_TEST_CASE(yaml_and_ini_files_set_their_keys) {
  ConfigDir d;
  auto yaml = d.write("dev.yaml", kYaml);
  d.write("system.ini", kIni);
  auto run = configure({"--config", yaml.string()});
  BOOST_REQUIRE_MESSAGE(run.outcome.config, run.err);
  const auto& c = *run.outcome.config;
  BOOST_TEST(c.name == "test-node");
  BOOST_TEST(c.http.port == 18080);
  BOOST_TEST(c.http.max_body_bytes == 1u << 20);
  BOOST_TEST(c.http.idle_timeout.count() == 5000);
  BOOST_TEST(c.system_ini == d.dir / "system.ini");  // relative to the YAML file
  BOOST_TEST(c.system.max_cache_bytes == 2ull << 30);
  BOOST_TEST(c.system.rpc_timeout.count() == 1500);
  BOOST_TEST(c.system.batch_size == 32u);
}

BOOST_AUTO_TEST_CASE(list_keys_take_a_yaml_sequence_or_commas) {
  ConfigDir d;
  auto yaml = d.write("dev.yaml", "text:\n  properties: [title, body]\n  bm25_k1: 0.9\n");
  auto run = configure({"--config", yaml.string()});
  BOOST_REQUIRE_MESSAGE(run.outcome.config, run.err);
  BOOST_TEST((run.outcome.config->text.properties == std::vector<std::string>{"title", "body"}));
  BOOST_TEST(run.outcome.config->text.bm25_k1 == 0.9);
  run = configure({"--config", yaml.string()}, {{"DEEPSEEK_TEXT_PROPERTIES", "name, summary"}});
  BOOST_REQUIRE_MESSAGE(run.outcome.config, run.err);
  BOOST_TEST((run.outcome.config->text.properties == std::vector<std::string>{"name", "summary"}));
  run = configure({"--config", d.write("none.yaml", "text:\n  properties: []\n").string()});
  BOOST_REQUIRE_MESSAGE(run.outcome.config, run.err);
  BOOST_TEST(run.outcome.config->text.properties.empty());  // full text off
}

BOOST_AUTO_TEST_CASE(flags_beat_environment_beats_files) {
  ConfigDir d;
  auto yaml = d.write("dev.yaml", kYaml);
  d.write("system.ini", kIni);
  Environment env{{"DEEPSEEK_HTTP_PORT", "19000"},
                  {"DEEPSEEK_METRICS_PORT", "19001"},
                  {"DEEPSEEK_NETWORK_BATCH_SIZE", "16"},
                  {"DEEPSEEK_API_KEY", "unrelated variables are left alone"}};
  auto run = configure({"--config", yaml.string(), "--http-port", "20000"}, env);
  BOOST_REQUIRE_MESSAGE(run.outcome.config, run.err);
  BOOST_TEST(run.outcome.config->http.port == 20000);        // flag
  BOOST_TEST(run.outcome.config->metrics.port == 19001);     // environment over YAML
  BOOST_TEST(run.outcome.config->system.batch_size == 16u);  // environment over INI
  BOOST_TEST(run.outcome.config->sdk.port == 18082);         // YAML over default
}

BOOST_AUTO_TEST_CASE(the_config_path_may_come_from_the_environment) {
  ConfigDir d;
  auto yaml = d.write("dev.yaml", "http:\n  port: 18500\n");
  auto run = configure({}, {{"DEEPSEEK_CONFIG", yaml.string()}});
  BOOST_REQUIRE(run.outcome.config);
  BOOST_TEST(run.outcome.config->http.port == 18500);
}

BOOST_AUTO_TEST_CASE(an_unknown_yaml_key_names_file_line_and_key) {
  ConfigDir d;
  auto yaml = d.write("dev.yaml", "name: x\nhttp:\n  prot: 8080\n");
  auto run = configure({"--config", yaml.string()});
  BOOST_TEST(!run.outcome.config);
  BOOST_TEST(run.outcome.exit_code == runtime::kExitConfig);
  BOOST_TEST(
      run.err.find(yaml.string() + ":3: http.prot: unknown key (did you mean \"http.port\"?)") !=
          std::string::npos,
      run.err);
  BOOST_TEST(std::count(run.err.begin(), run.err.end(), '\n') == 1);  // one line
}

BOOST_AUTO_TEST_CASE(wrong_types_and_ranges_are_config_errors) {
  ConfigDir d;
  struct Case {
    std::string yaml, expect;
  } cases[] = {
      {"http:\n  port: eighty\n", ":2: http.port: expected an integer in 1..65535, got \"eighty\""},
      {"http:\n  port: 70000\n", ":2: http.port: expected a value in 1..65535"},
      {"http:\n  port: [1, 2]\n", ":2: http.port: expected a single value"},
      {"http: 8080\n", ":1: http: expected a mapping"},
      {"role: leader\n", ":1: role: expected one of all, master, worker"},
      {"http:\n  max_body_size: lots\n", ":2: http.max_body_size: expected a size"},
      {"memory:\n  max_cache_size: 1GB\n",
       ":2: memory.max_cache_size: this key belongs in system.ini"},
      {"name: a\n  bad indent: [\n", ":2: YAML syntax error"},
      {"text:\n  properties: [a, [b]]\n", ":2: text.properties: expected a list of single values"},
      {"text:\n  properties: a,,b\n", ":2: text.properties: an empty item in the list"},
      {"text:\n  bm25_b: 1.5\n", ":2: text.bm25_b: expected a number in 0..1, got \"1.5\""},
      {"text:\n  bm25_k1: high\n", ":2: text.bm25_k1: expected a number"},
  };
  for (const auto& c : cases) {
    auto yaml = d.write("bad.yaml", c.yaml);
    auto run = configure({"--config", yaml.string()});
    BOOST_TEST_CONTEXT(c.yaml) {
      BOOST_TEST(run.outcome.exit_code == runtime::kExitConfig);
      BOOST_TEST(run.err.find(yaml.string() + c.expect) != std::string::npos, run.err);
    }
  }
}

BOOST_AUTO_TEST_CASE(ini_errors_name_file_line_and_key) {
  ConfigDir d;
  auto yaml = d.write("dev.yaml", "system_ini: system.ini\n");
  struct Case {
    std::string ini, expect;
  } cases[] = {
      {"[memory]\nmax_cache_size = 16GB\n\n[network]\nrpc_timout = 5\n",
       "system.ini:5: network.rpc_timout: unknown key (did you mean \"network.rpc_timeout\"?)"},
      {"[network]\nbatch_size = many\n", "system.ini:2: network.batch_size: expected an integer"},
      {"[memory]\nmax_cache_size = 200%\n", "system.ini:2: memory.max_cache_size: expected a size"},
      {"[http]\nport = 1\n", "system.ini:2: http.port: this key belongs in the YAML file"},
      {"[memory\nmax_cache_size = 1GB\n", "system.ini:1: INI syntax error"},
  };
  for (const auto& c : cases) {
    d.write("system.ini", c.ini);
    auto run = configure({"--config", yaml.string()});
    BOOST_TEST_CONTEXT(c.ini) {
      BOOST_TEST(run.outcome.exit_code == runtime::kExitConfig);
      BOOST_TEST(run.err.find(c.expect) != std::string::npos, run.err);
    }
  }
}

BOOST_AUTO_TEST_CASE(memory_sizes_accept_a_share_of_ram) {
  ConfigDir d;
  auto yaml = d.write("dev.yaml", "system_ini: system.ini\n");
  d.write("system.ini", "[memory]\nmax_cache_size = 50%\n");
  auto run = configure({"--config", yaml.string()});
  BOOST_REQUIRE_MESSAGE(run.outcome.config, run.err);
  BOOST_TEST(run.outcome.config->system.max_cache_bytes > 0u);
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_a_config_error) {
  auto run = configure({"--config", "/nonexistent/dev.yaml"});
  BOOST_TEST(run.outcome.exit_code == runtime::kExitConfig);
  BOOST_TEST(run.err ==
             "deepseek-server: /nonexistent/dev.yaml: cannot read the config file: "
             "No such file or directory\n");
}

BOOST_AUTO_TEST_CASE(environment_errors_name_the_variable) {
  auto run = configure({}, {{"DEEPSEEK_SDK_PORT", "0"}});
  BOOST_TEST(run.outcome.exit_code == runtime::kExitConfig);
  BOOST_TEST(
      run.err.find("environment DEEPSEEK_SDK_PORT: sdk.port: expected a value in 1..65535") !=
          std::string::npos,
      run.err);
}

BOOST_AUTO_TEST_CASE(bad_flags_print_usage_and_exit_2) {
  auto unknown = configure({"--no-such-flag"});
  BOOST_TEST(unknown.outcome.exit_code == runtime::kExitUsage);
  BOOST_TEST(unknown.err.find("--no-such-flag") != std::string::npos);
  BOOST_TEST(unknown.err.find("Usage:") != std::string::npos);
  auto bad_value = configure({"--http-port", "http"});
  BOOST_TEST(bad_value.outcome.exit_code == runtime::kExitUsage);
  BOOST_TEST(bad_value.err.find("--http-port: expected an integer") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(help_and_version_exit_0) {
  auto help = configure({"--help"});
  BOOST_TEST(help.outcome.exit_code == runtime::kExitOk);
  BOOST_TEST(!help.outcome.config);
  BOOST_TEST(help.out.find("--data-dir") != std::string::npos);
  auto version = configure({"--version"});
  BOOST_TEST(version.outcome.exit_code == runtime::kExitOk);
  BOOST_TEST(version.out.find("deepseek-server ") == 0u);
}

BOOST_AUTO_TEST_CASE(ports_must_differ) {
  auto run = configure({"--http-port", "9000", "--metrics-port", "9000"});
  BOOST_TEST(run.outcome.exit_code == runtime::kExitConfig);
  BOOST_TEST(run.err.find("http.port and metrics.port must differ") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(every_key_has_an_environment_variable_and_help) {
  for (const auto& key : config_keys()) {
    BOOST_TEST(!key.help.empty(), key.name);
    BOOST_TEST(env_var_name(key.name).rfind("DEEPSEEK_", 0) == 0u);
  }
  BOOST_TEST(env_var_name("http.max_body_size") == "DEEPSEEK_HTTP_MAX_BODY_SIZE");
  BOOST_TEST(flag_name("data_dir") == "--data-dir");
}
