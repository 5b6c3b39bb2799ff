#include "node/admission.hpp"

#include <algorithm>

namespace ds::node {

std::string_view to_string(schema::Priority priority) {
  switch (priority) {
    case schema::Priority::LOW:
      return "low";
    case schema::Priority::HIGH:
      return "high";
    default:
      return "normal";
  }
}

Admission::Admission(unsigned max_queue, runtime::Metrics* metrics)
    : max_queue_(std::max(1u, max_queue)), metrics_(metrics) {}

unsigned Admission::limit(schema::Priority priority) const {
  switch (priority) {
    case schema::Priority::LOW:
      return std::max(1u, max_queue_ / 2);
    case schema::Priority::HIGH:
      return max_queue_;
    default:
      return std::max(1u, max_queue_ - max_queue_ / 8);
  }
}

Admission::Ticket Admission::admit(schema::Priority priority) {
  auto cap = limit(priority);
  auto current = total_.load();
  do {
    if (current >= cap) {
      if (metrics_) metrics_->count_rejection(to_string(priority));
      return nullptr;
    }
  } while (!total_.compare_exchange_weak(current, current + 1));
  auto index = static_cast<std::size_t>(priority);
  auto depth = ++by_priority_[index];
  if (metrics_) metrics_->set_queue_depth(to_string(priority), depth);
  // The ticket keeps this object alive: a response may be answered after
  // the server began to stop.
  return Ticket(static_cast<void*>(this),
                [self = shared_from_this(), priority](void*) { self->leave(priority); });
}

void Admission::leave(schema::Priority priority) {
  --total_;
  auto depth = --by_priority_[static_cast<std::size_t>(priority)];
  if (metrics_) metrics_->set_queue_depth(to_string(priority), depth);
}

}  // namespace ds::node
