#include "storage/graph/shared_graph_store.hpp"

#include <condition_variable>
#include <mutex>
#include <utility>

namespace ds::storage {

struct SharedGraphStore::State {
  std::filesystem::path dir;
  GraphStoreOptions options;
  std::mutex mutex;
  std::condition_variable closed;
  std::weak_ptr<GraphStore> open;
  bool is_open = false;  // from the open to the end of the last holder's close
};

SharedGraphStore::SharedGraphStore(std::filesystem::path dir, GraphStoreOptions options)
    : state_(std::make_shared<State>()) {
  state_->dir = std::move(dir);
  state_->options = options;
}

Result<std::shared_ptr<GraphStore>> SharedGraphStore::acquire() {
  std::unique_lock lock(state_->mutex);
  if (auto store = state_->open.lock()) return store;
  // The last holder let go, and its close may still be under way on its
  // thread: RocksDB's directory lock is free only once it is done.
  state_->closed.wait(lock, [&] { return !state_->is_open; });
  auto opened = GraphStore::open(state_->dir, state_->options);
  if (!opened) return opened.error();
  // The deleter holds the state weakly: it lives in the control block that
  // `open` keeps, and a strong reference there would keep the state forever.
  // With the state gone nobody can acquire, so there is nothing to tell.
  std::weak_ptr<State> weak_state = state_;
  std::shared_ptr<GraphStore> store(opened->release(), [weak_state](GraphStore* closing) {
    delete closing;
    if (auto state = weak_state.lock()) {
      std::lock_guard closing_lock(state->mutex);
      state->is_open = false;
      state->closed.notify_all();
    }
  });
  state_->open = store;
  state_->is_open = true;
  return store;
}

const std::filesystem::path& SharedGraphStore::dir() const { return state_->dir; }

}  // namespace ds::storage
