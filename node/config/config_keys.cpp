#include "node/config/config_keys.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <numeric>
#include <utility>

#include "node/config/config_text.hpp"
#include "node/config/units.hpp"

namespace ds::node {
namespace {

using Setter = std::function<Result<void>(NodeConfig&, std::string_view)>;

// Each setter factory takes `field`, a function from the config to a pointer
// at the member it sets.

template <class Field>
Setter uint_setter(Field field, uint64_t min, uint64_t max) {
  return [=](NodeConfig& c, std::string_view text) -> Result<void> {
    auto value = parse_uint(text, min, max);
    if (!value) return value.error();
    auto* target = field(c);
    *target = static_cast<std::remove_pointer_t<decltype(target)>>(*value);
    return {};
  };
}

template <class Field>
Setter bool_setter(Field field) {
  return [=](NodeConfig& c, std::string_view text) -> Result<void> {
    if (text == "true" || text == "yes" || text == "on") {
      *field(c) = true;
    } else if (text == "false" || text == "no" || text == "off") {
      *field(c) = false;
    } else {
      return make_error(errc::invalid_argument, "expected true or false, got " + quoted(text));
    }
    return {};
  };
}

template <class Field>
Setter port_setter(Field field) {
  return uint_setter(field, 1, 65535);
}

template <class Field>
Setter duration_setter(Field field, Millis min = Millis{0}) {
  return [=](NodeConfig& c, std::string_view text) -> Result<void> {
    auto value = parse_duration(text);
    if (!value) return value.error();
    if (*value < min)
      return make_error(errc::invalid_argument, "expected at least " + std::to_string(min.count()) +
                                                    "ms, got " + quoted(text));
    *field(c) = *value;
    return {};
  };
}

/// `of_memory`: percentages are taken of this machine's physical memory.
template <class Field>
Setter size_setter(Field field, uint64_t min, bool of_memory) {
  return [=](NodeConfig& c, std::string_view text) -> Result<void> {
    auto value = parse_size(text, of_memory ? physical_memory_bytes() : 0);
    if (!value) return value.error();
    if (*value < min)
      return make_error(errc::invalid_argument,
                        "expected at least " + std::to_string(min) + " bytes, got " + quoted(text));
    *field(c) = *value;
    return {};
  };
}

template <class Field>
Setter text_setter(Field field) {
  return [=](NodeConfig& c, std::string_view text) -> Result<void> {
    if (text.empty()) return make_error(errc::invalid_argument, "expected a non-empty value");
    *field(c) = std::string(text);
    return {};
  };
}

/// Comma-separated items, spaces around them trimmed; empty: none.
template <class Field>
Setter list_setter(Field field) {
  return [=](NodeConfig& c, std::string_view text) -> Result<void> {
    std::vector<std::string> items;
    while (!text.empty()) {
      auto comma = text.find(',');
      auto item = text.substr(0, comma);
      while (!item.empty() && item.front() == ' ')
        item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ')
        item.remove_suffix(1);
      if (item.empty()) return make_error(errc::invalid_argument, "an empty item in the list");
      items.emplace_back(item);
      text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    }
    *field(c) = std::move(items);
    return {};
  };
}

/// The shortest text that reads back as `value` (1.5, not 1.500000).
std::string number_text(double value) {
  char buffer[32];
  auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  return std::string(buffer, end);
}

template <class Field>
Setter number_setter(Field field, double min, double max) {
  return [=](NodeConfig& c, std::string_view text) -> Result<void> {
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || !(value >= min && value <= max))
      return make_error(errc::invalid_argument, "expected a number in " + number_text(min) + ".." +
                                                    number_text(max) + ", got " + quoted(text));
    *field(c) = value;
    return {};
  };
}

template <class Field, std::size_t N>
Setter choice_setter(Field field, std::array<std::string_view, N> choices) {
  return [=](NodeConfig& c, std::string_view text) -> Result<void> {
    if (std::find(choices.begin(), choices.end(), text) == choices.end()) {
      std::string list;
      for (auto choice : choices)
        list += (list.empty() ? "" : ", ") + std::string(choice);
      return make_error(errc::invalid_argument,
                        "expected one of " + list + ", got " + quoted(text));
    }
    *field(c) = std::string(text);
    return {};
  };
}

Setter role_setter() {
  return [](NodeConfig& c, std::string_view text) -> Result<void> {
    for (auto role : {Role::all, Role::master, Role::worker})
      if (text == to_string(role)) {
        c.role = role;
        return {};
      }
    return make_error(errc::invalid_argument,
                      "expected one of all, master, worker, got " + quoted(text));
  };
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::vector<ConfigKey> make_keys() {
  using K = KeyHome;
  return {
      {"role", K::yaml, "which parts run here: all | master | worker", role_setter()},
      {"name", K::yaml, "this node's name", text_setter([](NodeConfig& c) { return &c.name; })},
      {"bind", K::yaml, "address all listeners bind (0.0.0.0 = every interface)",
       text_setter([](NodeConfig& c) { return &c.bind; })},
      {"data_dir", K::yaml, "data directory (relative to the working directory)",
       text_setter([](NodeConfig& c) { return &c.data_dir; })},
      {"log_level", K::yaml, "trace | debug | info | warn | error | critical | off",
       choice_setter([](NodeConfig& c) { return &c.log_level; },
                     std::array<std::string_view, 7>{"trace", "debug", "info", "warn", "error",
                                                     "critical", "off"})},
      {"actor_threads", K::yaml, "CAF scheduler threads (0 = one per core)",
       uint_setter([](NodeConfig& c) { return &c.actor_threads; }, 0, 1024)},
      {"actor_scheduler", K::yaml,
       "CAF scheduler: sharing (one queue, idle workers sleep), stealing (work-stealing "
       "workers that poll), auto (sharing up to 4 cores, stealing above)",
       choice_setter([](NodeConfig& c) { return &c.actor_scheduler; },
                     std::array<std::string_view, 3>{"auto", "sharing", "stealing"})},
      {"system_ini", K::yaml, "path of system.ini (relative to this YAML file)",
       text_setter([](NodeConfig& c) { return &c.system_ini; })},

      {"shards", K::yaml, "graph shards on this node (0 = one per core); fixed once data exists",
       uint_setter([](NodeConfig& c) { return &c.graph.shards; }, 0, 4096)},
      {"graph.sync", K::yaml, "fsync the write-ahead log at every write (survives power loss)",
       bool_setter([](NodeConfig& c) { return &c.graph.sync; })},
      {"graph.max_hops", K::yaml, "largest `hops` a neighbours request may ask for",
       uint_setter([](NodeConfig& c) { return &c.graph.max_hops; }, 1, 64)},
      {"vectors.max_k", K::yaml, "largest `k` a vector search may ask for",
       uint_setter([](NodeConfig& c) { return &c.vectors.max_k; }, 1, 100000)},
      {"query.max_rows", K::yaml, "result rows a query returns at most (a request's `limit` cap)",
       uint_setter([](NodeConfig& c) { return &c.query.max_rows; }, 1, 10'000'000)},
      {"query.max_hops", K::yaml, "longest variable-length relationship a query may match",
       uint_setter([](NodeConfig& c) { return &c.query.max_hops; }, 1, 1000)},
      {"query.max_intermediate_rows", K::yaml,
       "rows one query operator may hold (a sort, an expansion) before the query is refused",
       uint_setter([](NodeConfig& c) { return &c.query.max_intermediate_rows; }, 1000,
                   1'000'000'000)},
      {"text.properties", K::yaml,
       "node properties indexed for full-text search and the text space (a list)",
       list_setter([](NodeConfig& c) { return &c.text.properties; }), true},
      {"text.language", K::yaml, "Snowball stemmer of the full-text index (none: no stemming)",
       text_setter([](NodeConfig& c) { return &c.text.language; })},
      {"text.stop_words", K::yaml, "drop English stop words (the, of, ...) from the index",
       bool_setter([](NodeConfig& c) { return &c.text.stop_words; })},
      {"text.bm25_k1", K::yaml, "BM25 term-frequency saturation",
       number_setter([](NodeConfig& c) { return &c.text.bm25_k1; }, 0, 10)},
      {"text.bm25_b", K::yaml, "BM25 document-length normalisation (0: none, 1: full)",
       number_setter([](NodeConfig& c) { return &c.text.bm25_b; }, 0, 1)},
      {"serving.max_batch_size", K::yaml,
       "vector searches answered by one FAISS call at most (1: no batching)",
       uint_setter([](NodeConfig& c) { return &c.serving.max_batch_size; }, 1, 4096)},
      {"serving.min_batch_size", K::yaml,
       "queued searches that run without waiting out max_queue_delay_us",
       uint_setter([](NodeConfig& c) { return &c.serving.min_batch_size; }, 1, 4096)},
      {"serving.max_queue_delay_us", K::yaml,
       "microseconds a vector search may wait for others to share its call (0: none)",
       uint_setter([](NodeConfig& c) { return &c.serving.max_queue_delay; }, 0, 1'000'000)},
      {"serving.max_queue", K::yaml, "queries admitted at once; more are refused with 429",
       uint_setter([](NodeConfig& c) { return &c.serving.max_queue; }, 1, 1'000'000)},
      {"serving.warmup_requests", K::yaml, "queries run at start before /readyz turns 200",
       uint_setter([](NodeConfig& c) { return &c.serving.warmup_requests; }, 0, 100'000)},
      {"demo.import", K::yaml, "import the demo graph (WordNet) into a fresh data_dir at start",
       bool_setter([](NodeConfig& c) { return &c.demo.import; })},
      {"demo.wordnet_dir", K::yaml, "the WordNet 3.0 database directory",
       text_setter([](NodeConfig& c) { return &c.demo.wordnet_dir; })},

      {"http.port", K::yaml, "HTTP API port",
       port_setter([](NodeConfig& c) { return &c.http.port; })},
      {"http.max_body_size", K::yaml, "largest accepted request body (larger: 413)",
       size_setter([](NodeConfig& c) { return &c.http.max_body_bytes; }, 1024, false)},
      {"http.io_threads", K::yaml, "HTTP I/O threads",
       uint_setter([](NodeConfig& c) { return &c.http.io_threads; }, 1, 256)},
      {"http.idle_timeout", K::yaml, "idle keep-alive connections close after this",
       duration_setter([](NodeConfig& c) { return &c.http.idle_timeout; }, Millis{1})},

      {"metrics.port", K::yaml, "Prometheus /metrics port",
       port_setter([](NodeConfig& c) { return &c.metrics.port; })},

      {"sdk.port", K::yaml, "port of the published gateway actor (SDK, deepseek-cli)",
       port_setter([](NodeConfig& c) { return &c.sdk.port; })},
      {"sdk.heartbeat_interval", K::yaml, "heartbeats to connected peers",
       duration_setter([](NodeConfig& c) { return &c.sdk.heartbeat_interval; }, Millis{1})},
      {"sdk.connection_timeout", K::yaml, "a peer silent this long is dropped",
       duration_setter([](NodeConfig& c) { return &c.sdk.connection_timeout; }, Millis{1})},

      {"supervision.max_restarts", K::yaml, "restarts allowed per period before escalating",
       uint_setter([](NodeConfig& c) { return &c.supervision.max_restarts; }, 0, 10000)},
      {"supervision.period", K::yaml, "window of supervision.max_restarts",
       duration_setter([](NodeConfig& c) { return &c.supervision.period; }, Millis{1})},

      {"shutdown.drain_delay", K::yaml, "after SIGTERM, keep serving (readyz 503) this long",
       duration_setter([](NodeConfig& c) { return &c.shutdown.drain_delay; })},
      {"shutdown.timeout", K::yaml, "in-flight requests and actors must stop within this",
       duration_setter([](NodeConfig& c) { return &c.shutdown.timeout; }, Millis{1})},

      {"memory.max_cache_size", K::ini, "cache budget: a size (16GB) or a share of RAM (25%)",
       size_setter([](NodeConfig& c) { return &c.system.max_cache_bytes; }, 0, true)},
      {"network.rpc_timeout", K::ini, "default deadline of a request between actors (ms)",
       duration_setter([](NodeConfig& c) { return &c.system.rpc_timeout; }, Millis{1})},
      {"network.batch_size", K::ini, "items per message batch between actors",
       uint_setter([](NodeConfig& c) { return &c.system.batch_size; }, 1, 1 << 20)},
  };
}

}  // namespace

const std::vector<ConfigKey>& config_keys() {
  static const std::vector<ConfigKey> keys = make_keys();  // immutable after first use
  return keys;
}

const ConfigKey* find_config_key(std::string_view name) {
  for (const auto& key : config_keys())
    if (key.name == name) return &key;
  return nullptr;
}

std::string unknown_key_message(std::string_view key) {
  const ConfigKey* best = nullptr;
  std::size_t best_distance = 4;  // farther than this is not a typo
  for (const auto& candidate : config_keys()) {
    auto d = edit_distance(key, candidate.name);
    if (d < best_distance) best = &candidate, best_distance = d;
  }
  std::string message = "unknown key";
  if (best != nullptr) message += " (did you mean \"" + std::string(best->name) + "\"?)";
  return message + "; README.md lists the keys";
}

std::string env_var_name(std::string_view key) {
  std::string out = "DEEPSEEK_";
  for (char ch : key)
    out += ch == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out;
}

std::string flag_name(std::string_view key) {
  std::string out = "--";
  for (char ch : key)
    out += (ch == '.' || ch == '_') ? '-' : ch;
  return out;
}

Result<void> validate(const NodeConfig& config) {
  std::array<std::pair<std::string_view, uint16_t>, 3> ports{{
      {"http.port", config.http.port},
      {"metrics.port", config.metrics.port},
      {"sdk.port", config.sdk.port},
  }};
  for (std::size_t i = 0; i < ports.size(); ++i)
    for (std::size_t j = i + 1; j < ports.size(); ++j)
      if (ports[i].second == ports[j].second)
        return make_error(errc::config_error,
                          std::string(ports[i].first) + " and " + std::string(ports[j].first) +
                              " must differ (both are " + std::to_string(ports[i].second) + ")");
  return {};
}

std::string_view to_string(Role role) {
  switch (role) {
    case Role::all:
      return "all";
    case Role::master:
      return "master";
    case Role::worker:
      return "worker";
  }
  return "all";
}

}  // namespace ds::node
