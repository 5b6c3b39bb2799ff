#include "runtime/supervision/supervisor.hpp"

#include <deque>
#include <utility>

#include <caf/actor_cast.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/system_messages.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <spdlog/spdlog.h>

#include "protocol/caf_error.hpp"

namespace ds::runtime {
namespace {

struct Child {
  ChildSpec spec;
  caf::actor handle;  // empty while stopped
};

struct SupervisorState {
  SupervisorOptions options;
  std::vector<Child> children;
  std::deque<caf::actor_clock::time_point> restarts;  // within the last `period`
  bool stopping = false;
  caf::error stop_reason;

  /// CAF destroys the state when the supervisor terminates, however it
  /// terminates (an orderly stop has already stopped every child; a kill or a
  /// bug has not): no child outlives its supervisor.
  ~SupervisorState() {
    for (auto& child : children)
      if (child.handle) caf::anon_send_exit(child.handle, caf::exit_reason::user_shutdown);
  }
};

using Self = supervisor_actor::stateful_pointer<SupervisorState>;

bool is_normal_exit(const caf::error& reason) {
  return reason == caf::exit_reason::normal || reason == caf::exit_reason::user_shutdown;
}

/// Stops the last running child; quits once none runs. Each child's exit
/// message brings us back here, so children stop one at a time in reverse.
void stop_next(Self self) {
  auto& children = self->state.children;
  for (auto it = children.rbegin(); it != children.rend(); ++it) {
    if (it->handle) {
      self->send_exit(it->handle, caf::exit_reason::user_shutdown);
      return;
    }
  }
  self->quit(self->state.stop_reason);
}

void begin_stop(Self self, caf::error reason) {
  if (self->state.stopping) return;
  self->state.stopping = true;
  self->state.stop_reason = std::move(reason);
  stop_next(self);
}

Result<void> start_child(Self self, Child& child) {
  auto handle = child.spec.start(self->home_system());
  if (!handle)
    return make_error(handle.error().code, "supervisor '" + self->state.options.name +
                                               "': cannot start '" + child.spec.name +
                                               "': " + handle.error().message);
  child.handle = std::move(handle).value();
  // A monitor, not a link: the down message always arrives, whereas CAF
  // drops a link when an exit message crosses it (as when we stop a child).
  // ~SupervisorState takes the children down with us instead.
  self->monitor(child.handle);
  return {};
}

/// True while another restart stays within max_restarts per period.
bool may_restart(Self self) {
  auto& state = self->state;
  auto now = self->clock().now();
  while (!state.restarts.empty() && now - state.restarts.front() > state.options.period)
    state.restarts.pop_front();
  if (state.restarts.size() >= state.options.max_restarts) return false;
  state.restarts.push_back(now);
  return true;
}

void on_child_failure(Self self, Child& child, caf::error reason) {
  auto& options = self->state.options;
  for (;;) {  // a failed start counts as another failure of the same child
    if (!may_restart(self)) {
      auto text =
          "supervisor '" + options.name + "': '" + child.spec.name + "' failed more than " +
          std::to_string(options.max_restarts) + " times within " +
          std::to_string(
              std::chrono::duration_cast<std::chrono::milliseconds>(options.period).count()) +
          "ms (last: " + to_string(reason) + "); escalating";
      spdlog::error("{}", text);
      begin_stop(self, protocol::to_caf(make_error(errc::unavailable, text)));
      return;
    }
    spdlog::warn("supervisor '{}': restarting '{}' after {}", options.name, child.spec.name,
                 to_string(reason));
    auto started = start_child(self, child);
    if (started) {
      if (options.on_restart) options.on_restart(child.spec.name, reason);
      return;
    }
    reason = protocol::to_caf(started.error());
  }
}

Child* find_child(Self self, const caf::actor_addr& addr) {
  for (auto& child : self->state.children)
    if (child.handle && child.handle.address() == addr) return &child;
  return nullptr;
}

void on_down(Self self, caf::down_msg& msg) {
  Child* child = find_child(self, msg.source);
  if (child == nullptr) return;
  child->handle = nullptr;
  if (self->state.stopping)
    stop_next(self);
  else if (!is_normal_exit(msg.reason))
    on_child_failure(self, *child, msg.reason);
}

/// Children are monitored, not linked: an exit message comes from our parent
/// or the node, asking us to stop.
void on_exit(Self self, caf::exit_msg& msg) { begin_stop(self, msg.reason); }

supervisor_actor::behavior_type supervise(Self self, SupervisorOptions options,
                                          std::vector<ChildSpec> specs) {
  self->state.options = std::move(options);
  self->set_exit_handler([self](caf::exit_msg& msg) { on_exit(self, msg); });
  self->set_down_handler([self](caf::down_msg& msg) { on_down(self, msg); });
  for (auto& spec : specs) {
    self->state.children.push_back(Child{std::move(spec), nullptr});
    if (auto started = start_child(self, self->state.children.back()); !started) {
      spdlog::error("{}", started.error().message);
      begin_stop(self, protocol::to_caf(started.error()));
      break;
    }
  }
  return {
      [self](whereis_atom, const std::string& name) -> caf::result<caf::actor> {
        for (const auto& child : self->state.children)
          if (child.spec.name == name && child.handle) return child.handle;
        return protocol::to_caf(make_error(
            errc::not_found,
            "supervisor '" + self->state.options.name + "' has no running child '" + name + "'"));
      },
  };
}

}  // namespace

supervisor_actor spawn_supervisor(caf::actor_system& system, SupervisorOptions options,
                                  std::vector<ChildSpec> children) {
  return system.spawn(supervise, std::move(options), std::move(children));
}

ChildSpec supervisor_child(SupervisorOptions options, std::vector<ChildSpec> children) {
  auto name = options.name;
  return ChildSpec{
      std::move(name),
      [options = std::move(options),
       children = std::move(children)](caf::actor_system& system) -> Result<caf::actor> {
        return caf::actor_cast<caf::actor>(spawn_supervisor(system, options, children));
      }};
}

}  // namespace ds::runtime
