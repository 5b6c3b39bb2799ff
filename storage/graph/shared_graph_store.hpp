#pragma once

// One open GraphStore per shard directory, shared by the actors that serve
// the shard (the graph shard writes it, the vector shard builds its indexes
// from it). RocksDB allows one open instance of a directory per process, so
// a restarted actor must not open its own while its sibling still holds one:
// acquire() hands out the open instance while any holder lives, and opens
// the directory again only once the last holder let go and the store is
// closed. An actor that crashed for any reason other than its store thus
// comes back on the same instance; one whose store failed comes back on a
// fresh open as soon as its sibling restarts too.

#include <filesystem>
#include <memory>

#include "common/result.hpp"
#include "storage/graph/graph_store.hpp"

namespace ds::storage {

class SharedGraphStore {
 public:
  SharedGraphStore(std::filesystem::path dir, GraphStoreOptions options = {});

  /// The open store: the one a holder has now, or the directory opened anew.
  Result<std::shared_ptr<GraphStore>> acquire();

  const std::filesystem::path& dir() const;

 private:
  struct State;
  // Seen (weakly) by the deleter of every instance handed out, which says
  // when the close is done: acquire() waits for that before opening again.
  std::shared_ptr<State> state_;
};

}  // namespace ds::storage
