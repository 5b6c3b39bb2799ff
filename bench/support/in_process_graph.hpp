#pragma once

// For benchmarks of the actor path without the network: detached graph shard
// actors over the stores in <data_dir>/shards/<i> and a gateway routing to
// them, as node wires them, in this process.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>

#include "actors/gateway/gateway.hpp"
#include "actors/graph_shard/graph_shard.hpp"
#include "common/result.hpp"
#include "protocol/caf_error.hpp"
#include "protocol/wire/envelope.hpp"
#include "sdk/importer.hpp"
#include "storage/import/import_source.hpp"
#include "storage/text/tokenizer.hpp"

namespace ds::bench {

class InProcessGraph {
 public:
  /// `scheduler`: the actor_scheduler key's values. The gateway reads text
  /// queries with `tokenizer` (none: no full-text search).
  static Result<std::unique_ptr<InProcessGraph>> open(
      const std::filesystem::path& data_dir, uint32_t shards, const std::string& scheduler = "auto",
      std::shared_ptr<const storage::Tokenizer> tokenizer = nullptr);
  ~InProcessGraph();
  InProcessGraph(const InProcessGraph&) = delete;
  InProcessGraph& operator=(const InProcessGraph&) = delete;

  /// Sends `request` with `atom` to the gateway from `self` and waits.
  template <class Atom>
  Result<wire::Envelope> ask(caf::scoped_actor& self, Atom atom, wire::Envelope request) const {
    Result<wire::Envelope> out = make_error(errc::internal, "no reply");
    self->request(gateway_, caf::infinite, atom, std::move(request))
        .receive([&](wire::Envelope& reply) { out = std::move(reply); },
                 [&](caf::error& error) { out = protocol::from_caf(error); });
    return out;
  }

  /// Streams `source` into the graph through the gateway, as `deepseek-cli
  /// import` does (sdk/importer.hpp).
  Result<sdk::ImportTotals> import(storage::ImportSource& source);

  caf::actor_system& system() { return *system_; }

  /// Shard `i`'s store, the instance its actor has open (RocksDB opens a
  /// directory once per process): for a baseline that reads it directly.
  Result<std::shared_ptr<storage::GraphStore>> store(uint32_t i) { return stores_.at(i)->acquire(); }

 private:
  InProcessGraph() = default;
  caf::actor_system_config config_;
  std::unique_ptr<caf::actor_system> system_;
  std::shared_ptr<actors::ShardMap> map_;
  std::vector<std::shared_ptr<storage::SharedGraphStore>> stores_;
  protocol::gateway_actor gateway_;
};

}  // namespace ds::bench
