#pragma once

// Everything a node reads from config/dev.yaml, config/system.ini, the
// DEEPSEEK_* environment and the command line, with its defaults. The keys
// that set these fields are listed once, in config_keys.cpp.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace ds::node {

using Millis = std::chrono::milliseconds;

/// Which parts of the system this process runs.
enum class Role { all, master, worker };

struct HttpOptions {
  uint16_t port = 8080;
  uint64_t max_body_bytes = uint64_t{8} << 20;  ///< larger bodies get 413
  unsigned io_threads = 2;                      ///< Beast I/O threads, not CAF workers
  Millis idle_timeout{30'000};                  ///< keep-alive connections idle this long close
};

struct MetricsOptions {
  uint16_t port = 8081;
};

struct SdkOptions {
  uint16_t port = 8082;
  Millis heartbeat_interval{5'000};   ///< CAF middleman heartbeats to peers
  Millis connection_timeout{20'000};  ///< a peer silent this long is dropped
};

struct SupervisionOptions {
  unsigned max_restarts = 5;  ///< restarts allowed within `period` before escalating
  Millis period{10'000};
};

struct ShutdownOptions {
  Millis drain_delay{0};  ///< keep answering (readyz 503) this long before closing the listener
  Millis timeout{4'000};  ///< in-flight requests and actor stops must finish within this
};

struct GraphOptions {
  unsigned shards = 0;    ///< 0: one per core (resolved at start)
  bool sync = false;      ///< fsync the WAL at every commit
  unsigned max_hops = 5;  ///< cap on a neighbours request's `hops`
};

struct VectorOptions {
  unsigned max_k = 1000;  ///< cap on a vector search's `k`
};

/// Full-text search: what of a node is text, how it is tokenized, how BM25
/// scores. Documents are indexed when nodes are written, so a change of
/// properties or language applies to nodes written afterwards.
struct TextOptions {
  std::vector<std::string> properties = {"lemmas",
                                         "gloss"};  ///< string or list-of-string properties
  std::string language = "english";                 ///< Snowball stemmer; "none": no stemming
  bool stop_words = true;
  double bm25_k1 = 1.2;
  double bm25_b = 0.75;
};

/// Cypher queries (POST /api/v1/infer, docs/query-engine.md).
struct QueryOptions {
  uint64_t max_rows = 10'000;  ///< result rows a query returns at most (its `limit` cap)
  unsigned max_hops = 20;      ///< longest variable-length relationship (`*`, `*1..n`)
  uint64_t max_intermediate_rows = 5'000'000;  ///< rows one operator may hold (sort, expansion)
};

/// Serving under load (docs/serving.md): dynamic batching of vector
/// searches, admission of queries, warm-up before ready.
struct ServingOptions {
  unsigned max_batch_size = 64;  ///< queries per FAISS call at most; 1: no batching
  unsigned min_batch_size = 1;   ///< queued queries that run without waiting out the delay
  std::chrono::microseconds max_queue_delay{0};  ///< longest a search waits for company
  unsigned max_queue = 256;                      ///< queries admitted at once; more get 429
  unsigned warmup_requests = 16;                 ///< queries run at start before /readyz turns 200
};

struct DemoOptions {
  bool import = true;  ///< import WordNet into a fresh data_dir at start
  std::string wordnet_dir = "/usr/share/wordnet";
};

/// The seed's tuning keys, kept in config/system.ini.
struct SystemOptions {
  uint64_t max_cache_bytes = uint64_t{16} << 30;  ///< [memory] max_cache_size
  Millis rpc_timeout{30'000};                     ///< [network] rpc_timeout
  unsigned batch_size = 64;                       ///< [network] batch_size
};

struct NodeConfig {
  Role role = Role::all;
  std::string name = "deepseek";            ///< this node's name in logs, pings and the cluster
  std::string bind = "0.0.0.0";             ///< address every listener binds
  std::filesystem::path data_dir = "data";  ///< relative to the working directory
  std::string log_level = "info";
  unsigned actor_threads = 0;            ///< CAF scheduler workers; 0 = one per core
  std::string actor_scheduler = "auto";  ///< auto | sharing | stealing (actor_system_setup.hpp)
  std::filesystem::path system_ini;      ///< resolved against the YAML file's folder

  GraphOptions graph;
  VectorOptions vectors;
  TextOptions text;
  QueryOptions query;
  ServingOptions serving;
  DemoOptions demo;
  HttpOptions http;
  MetricsOptions metrics;
  SdkOptions sdk;
  SupervisionOptions supervision;
  ShutdownOptions shutdown;
  SystemOptions system;
};

std::string_view to_string(Role role);

}  // namespace ds::node
