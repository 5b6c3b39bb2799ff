#pragma once

// The handle of a supervised actor as it is now. A restarted child has a new
// handle; its start function publishes it here, and code outside the actor
// tree (HTTP handlers, the demo import) reads it for every request.

#include <mutex>
#include <utility>

namespace ds::runtime {

template <class Handle>
class CurrentActor {
 public:
  Handle get() const {
    std::lock_guard lock(mutex_);
    return handle_;
  }
  void publish(Handle handle) {
    std::lock_guard lock(mutex_);
    handle_ = std::move(handle);
  }

 private:
  mutable std::mutex mutex_;
  Handle handle_;
};

}  // namespace ds::runtime
