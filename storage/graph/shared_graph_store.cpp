#include "storage/graph/shared_graph_store.hpp"

#include <mutex>
#include <utility>

namespace ds::storage {

struct SharedGraphStore::State {
  std::filesystem::path dir;
  GraphStoreOptions options;
  std::mutex mutex;
  std::weak_ptr<GraphStore> open;
};

SharedGraphStore::SharedGraphStore(std::filesystem::path dir, GraphStoreOptions options)
    : state_(std::make_shared<State>()) {
  state_->dir = std::move(dir);
  state_->options = options;
}

Result<std::shared_ptr<GraphStore>> SharedGraphStore::acquire() {
  std::lock_guard lock(state_->mutex);
  if (auto store = state_->open.lock()) return store;
  auto opened = GraphStore::open(state_->dir, state_->options);
  if (!opened) return opened.error();
  // The last holder closes the store under the lock: a concurrent acquire()
  // waits for the close instead of failing on RocksDB's directory lock.
  std::shared_ptr<GraphStore> store(opened->release(), [state = state_](GraphStore* closing) {
    std::lock_guard closing_lock(state->mutex);
    delete closing;
  });
  state_->open = store;
  return store;
}

const std::filesystem::path& SharedGraphStore::dir() const { return state_->dir; }

}  // namespace ds::storage
