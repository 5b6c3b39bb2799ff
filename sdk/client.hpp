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
#include <string>
#include <vector>

#include "common/result.hpp"
#include "sdk/importer.hpp"
#include "storage/graph/graph_types.hpp"
#include "storage/import/import_source.hpp"

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

 private:
  struct Impl;
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ds::sdk
