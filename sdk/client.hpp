#pragma once

// The C++ client SDK: connects to a node's published gateway actor over CAF's
// network layer and exchanges Cap'n Proto messages with it. Calls are
// asynchronous: each takes a callback (run on an SDK thread) or returns a
// future.

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "common/update_counts.hpp"
#include "sdk/importer.hpp"
#include "storage/graph/graph_types.hpp"
#include "storage/import/import_source.hpp"
#include "storage/vector/vector_space.hpp"

namespace ds::sdk {

struct ClientOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8082;
  std::chrono::milliseconds request_timeout{30'000};
};

/// What a node answered to a ping.
struct Pong {
  std::string node;
  std::string version;
  std::string payload;                   ///< the text payload, echoed back
  std::chrono::microseconds round_trip;  ///< measured by this client
};

/// A breadth-first expansion from the node with `key`.
struct NeighboursQuery {
  std::string key;
  std::vector<std::string> types;  ///< empty: every relation type
  storage::Direction direction = storage::Direction::out;
  uint32_t hops = 1;
};

/// A node reached: over a `type` edge, `hops` edges from the start.
struct Neighbour {
  std::string key;
  std::string type;
  uint32_t hops = 0;
};

struct GraphTotals {
  uint32_t shards = 0;
  uint64_t nodes = 0;
  uint64_t edges = 0;
  uint64_t in_entries = 0;  ///< equals `edges` when every edge is stored at both ends
};

/// A vector space and how many vectors it holds.
struct SpaceInfo {
  storage::VectorSpaceSpec spec;
  uint64_t vectors = 0;
};

/// The k nearest vectors to `vector`, or (space "text" only) to `text`
/// encoded by the node's built-in text encoder.
struct VectorSearch {
  std::string space;
  std::vector<float> vector;
  std::optional<std::string> text;
  uint32_t k = 10;
  std::optional<std::vector<std::string>> filter_keys;  ///< only among these nodes
  int32_t ef_search = 0;                                ///< 0: the space's default
  int32_t nprobe = 0;
};

/// A search hit: l2 distance, or ip / cosine similarity; full text: BM25.
struct Hit {
  std::string key;
  double score = 0;
};

struct TextResults {
  std::vector<std::string> terms;  ///< what the query was searched as
  std::vector<Hit> hits;           ///< best first
};

/// How the node reads a query's text: Cypher, a plain-language question, or
/// (auto) Cypher when it parses as Cypher (query/query_language.hpp).
enum class QueryMode { automatic, cypher, text };

/// A query (POST /api/v1/infer's body, as a message).
struct Query {
  std::string text;
  std::string params_json;  ///< a JSON object of parameter values; empty: none
  uint64_t limit = 0;       ///< result rows at most; 0: the node's maximum (a question: 10)
  QueryMode mode = QueryMode::automatic;
};

/// What a writing query changed (Neo4j's update counters).
using UpdateCounts = ds::UpdateCounts;

/// A query's result. Values are typed JSON (nodes {"id", "key", "labels",
/// "properties"}, relationships, paths, lists, maps).
struct QueryAnswer {
  std::vector<std::string> columns;
  nlohmann::json rows = nlohmann::json::array();  ///< an array of rows, each an array
  bool truncated = false;                         ///< the limit cut the result
  double elapsed_ms = 0;
  std::string plan;                    ///< EXPLAIN and PROFILE
  QueryMode mode = QueryMode::cypher;  ///< how the node read it
  /// A question's answer: {"question", "terms", "retrievers", "entities"}
  /// (docs/query-engine.md, "Text mode"); null for Cypher.
  nlohmann::json answer;
  bool contains_updates = false;  ///< a writing query (CREATE, MERGE, SET, REMOVE, DELETE)
  UpdateCounts updates;
};

class Client {
 public:
  /// Connects; fails with errc::unavailable and the reason (connection
  /// refused, unknown host, incompatible peer) when the node cannot be reached.
  static Result<std::unique_ptr<Client>> connect(const ClientOptions& options);
  ~Client();

  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  /// Round-trips `payload` through the node. `done` runs once, on an SDK thread.
  void ping(std::string payload, std::function<void(Result<Pong>)> done);
  std::future<Result<Pong>> ping(std::string payload);

  /// Imports one batch (upserts); `done` runs once the node acknowledged it.
  void import(const storage::ImportBatch& batch, std::function<void(Result<void>)> done);
  /// A BatchSender for run_import() that sends through this client.
  BatchSender batch_sender();

  /// The node with external key `key`; errc::not_found if there is none.
  std::future<Result<storage::Node>> node(std::string key);
  std::future<Result<std::vector<Neighbour>>> neighbours(NeighboursQuery query);
  std::future<Result<GraphTotals>> stats();

  /// Defines a space; the same spec again changes nothing, another one under
  /// the name is errc::already_exists.
  std::future<Result<storage::VectorSpaceSpec>> define_space(storage::VectorSpaceSpec spec);
  std::future<Result<std::vector<SpaceInfo>>> spaces();
  /// Upserts `keys.size()` vectors (`rows`, row after row); the batch is
  /// checked whole and stored whole or not at all. `done` gets the count.
  void upsert_vectors(std::string space, std::vector<std::string> keys, std::vector<float> rows,
                      std::function<void(Result<uint32_t>)> done);
  std::future<Result<std::vector<Hit>>> search(VectorSearch query);
  /// Full-text search (BM25) over the nodes' text properties.
  std::future<Result<TextResults>> search_text(std::string query, uint32_t k = 10);

  /// Runs a Cypher query or answers a question. A query the node refuses is an error whose message
  /// holds the code, the position and an excerpt with a caret.
  std::future<Result<QueryAnswer>> query(Query query);

 private:
  struct Impl;
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ds::sdk
