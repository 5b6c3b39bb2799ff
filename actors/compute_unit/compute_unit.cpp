#include "actors/compute_unit/compute_unit.hpp"

#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include "actors/batching/batch_queue.hpp"
#include "actors/compute_unit/staged_uploads.hpp"
#include "protocol/caf_error.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/deadline.hpp"
#include "schema/compute.capnp.h"
#include "schema/lists.hpp"
#include "schema/text.hpp"

namespace ds::actors {
namespace {

using Promise = caf::typed_response_promise<wire::Envelope>;

/// A kNN request waiting for the flush, decoded.
struct Pending {
  Promise promise;
  std::string base;
  std::vector<float> queries;
  uint32_t k = 0;
  std::optional<std::vector<int64_t>> filter;
  int64_t deadline = 0;
  int rank = 1;
};

struct UnitState {
  ComputeUnitOptions options;
  std::optional<BatchQueue<Pending>> queue;
  std::map<std::string, std::unique_ptr<kernels::VectorBase>> bases;
  StagedUploads uploads;  ///< bases coming in parts
  uint64_t requests = 0;
  uint64_t kernel_calls = 0;
  uint64_t uploaded = 0;  ///< whole bases
  uint64_t updated = 0;   ///< changes in place

  Result<kernels::VectorBase*> base(const std::string& name) {
    auto found = bases.find(name);
    if (found == bases.end())
      return make_error(errc::not_found, "no base \"" + name + "\" on " +
                                             options.backend->device().name +
                                             " (not uploaded, or dropped)");
    return found->second.get();
  }
};

using Self = protocol::compute_unit_actor::stateful_pointer<UnitState>;

wire::Envelope base_info(const std::string& name, const kernels::VectorBase* base) {
  return wire::build<schema::BaseInfo>([&](schema::BaseInfo::Builder out) {
    out.setName(name);
    if (base == nullptr) return;
    out.setSize(base->size());
    out.setBytes(base->bytes());
    out.setPrecision(std::string(kernels::to_string(base->spec().precision)));
  });
}

/// One part of an upload; the last (or only) one replaces the base.
Result<wire::Envelope> upload(UnitState& state, schema::BaseUpload::Reader request) {
  auto name = schema::to_string(request.getName());
  auto whole = state.uploads.add(request);
  if (!whole) return whole.error();
  if (!*whole) {  // more parts follow: say how many vectors are staged
    return wire::build<schema::BaseInfo>([&](schema::BaseInfo::Builder out) {
      out.setName(name);
      out.setSize(state.uploads.staged(name));
    });
  }
  auto& staged = **whole;
  auto base = state.options.backend->upload(staged.spec, staged.rows, staged.ids);
  if (!base) return base.error();
  auto& slot = state.bases[name];
  slot = std::move(*base);  // the old base (if any) is freed here
  ++state.uploaded;
  return base_info(name, slot.get());
}

/// A change of a base in place.
Result<wire::Envelope> update(UnitState& state, schema::BaseUpdate::Reader request) {
  auto name = schema::to_string(request.getName());
  auto base = state.base(name);
  if (!base) return base.error();
  auto as_ids = [](capnp::List<uint64_t>::Reader list) {
    std::vector<int64_t> out;
    out.reserve(list.size());
    for (auto id : list)
      out.push_back(static_cast<int64_t>(id));
    return out;
  };
  auto removed = as_ids(request.getRemoveIds());
  auto ids = as_ids(request.getIds());
  auto rows = schema::to_vector<float>(request.getRows());
  if (auto ok = state.options.backend->update(**base, removed, rows, ids); !ok) return ok.error();
  ++state.updated;
  return base_info(name, *base);
}

Result<Pending> decode_search(schema::KnnRequest::Reader request) {
  if (auto ok = wire::check_deadline(request.getHeader()); !ok) return ok.error();
  Pending pending;
  pending.deadline = request.getHeader().getDeadlineUnixMicros();
  pending.rank = rank_of(request.getHeader().getPriority());
  pending.base = schema::to_string(request.getBase());
  pending.queries = schema::to_vector<float>(request.getQueries());
  pending.k = request.getK();
  if (request.getHasFilter()) {
    auto& only = pending.filter.emplace();
    for (auto id : request.getFilter())
      only.push_back(static_cast<int64_t>(id));
  }
  return pending;
}

wire::Envelope encode(const kernels::KnnResult& result, std::size_t first, std::size_t count) {
  return wire::build<schema::KnnResponse>([&](schema::KnnResponse::Builder out) {
    const auto k = result.k;
    out.setQueries(static_cast<uint32_t>(count));
    out.setK(static_cast<uint32_t>(k));
    auto n = static_cast<unsigned>(count * k);
    auto ids = out.initIds(n);
    auto scores = out.initScores(n);
    auto found = out.initFound(n);
    for (unsigned i = 0; i < n; ++i) {
      auto at = first * k + i;
      bool hit = result.ids[at] >= 0;
      ids.set(i, hit ? static_cast<uint64_t>(result.ids[at]) : 0);
      scores.set(i, result.scores[at]);
      found.set(i, hit);
    }
  });
}

/// Answers `group` (requests for one base and k) with kernel calls of at
/// most max_batch_size queries each.
void answer(UnitState& state, std::vector<Pending*>& group) {
  auto base = state.base(group.front()->base);
  const auto& policy = state.queue->policy();
  std::size_t dim = base ? (*base)->spec().dim : 1;
  const auto* filter = group.front()->filter ? &*group.front()->filter : nullptr;
  answer_in_calls(
      group, dim, policy.max_batch_size,
      [&](const std::vector<float>& queries, std::size_t rows) -> Result<kernels::KnnResult> {
        if (!base) return base.error();
        auto found = state.options.backend->knn(**base, queries, group.front()->k, filter);
        ++state.kernel_calls;
        if (policy.on_batch) policy.on_batch(rows);
        if (state.options.on_call)
          state.options.on_call(ComputeReport{rows, state.options.backend->pool_stats()});
        return found;
      },
      encode);
}

void flush(UnitState& state, uint64_t generation) {
  std::size_t taken = 0;
  auto queue = state.queue->take(generation, taken);
  state.requests += taken;
  using Key = std::tuple<std::string, uint32_t>;
  auto groups = group_compatible(queue, [](const Pending& pending) -> std::optional<Key> {
    if (pending.filter) return std::nullopt;
    return Key{pending.base, pending.k};
  });
  for (auto& group : groups)
    answer(state, group);
}

wire::Envelope stats(UnitState& state) {
  const auto& device = state.options.backend->device();
  auto pool = state.options.backend->pool_stats();
  uint64_t base_bytes = 0;
  for (const auto& [name, base] : state.bases)
    base_bytes += base->bytes();
  return wire::build<schema::ComputeUnitStats>([&](schema::ComputeUnitStats::Builder out) {
    out.setDevice(device.name + " (" + device_label(device) + ")");
    out.setKind(device.kind == kernels::DeviceInfo::Kind::cuda ? "cuda" : "cpu");
    out.setOrdinal(device.index);
    out.setBases(static_cast<uint32_t>(state.bases.size()));
    out.setBaseBytes(base_bytes);
    out.setReservedBytes(pool.reserved_bytes);
    out.setInUseBytes(pool.in_use_bytes);
    out.setPeakInUseBytes(pool.peak_in_use_bytes);
    out.setFragmentation(pool.fragmentation_ratio());
    out.setRequests(state.requests);
    out.setKernelCalls(state.kernel_calls);
    out.setUploads(state.uploaded);
    out.setUpdates(state.updated);
  });
}

protocol::compute_unit_actor::behavior_type compute_unit(Self self, ComputeUnitOptions options) {
  self->state.queue.emplace(options.batching);
  self->state.options = std::move(options);
  const auto& limits = self->state.options.limits;
  return {
      [self, limits](upload_atom, const wire::Envelope& request) -> caf::result<wire::Envelope> {
        return protocol::to_caf_result(wire::read<schema::BaseUpload>(
            request, [&](schema::BaseUpload::Reader r) { return upload(self->state, r); }, limits));
      },
      [self, limits](apply_atom, const wire::Envelope& request) -> caf::result<wire::Envelope> {
        return protocol::to_caf_result(wire::read<schema::BaseUpdate>(
            request, [&](schema::BaseUpdate::Reader r) { return update(self->state, r); }, limits));
      },
      [self, limits](drop_atom, const wire::Envelope& request) -> caf::result<wire::Envelope> {
        return protocol::to_caf_result(wire::read<schema::BaseDrop>(
            request,
            [&](schema::BaseDrop::Reader r) {
              auto name = schema::to_string(r.getName());
              auto reply = base_info(name, nullptr);
              if (auto found = self->state.bases.find(name); found != self->state.bases.end()) {
                reply = base_info(name, found->second.get());
                self->state.bases.erase(found);
              }
              self->state.uploads.drop(name);
              return reply;
            },
            limits));
      },
      [self, limits](search_atom, const wire::Envelope& request) -> caf::result<wire::Envelope> {
        auto pending = wire::read<schema::KnnRequest>(
            request, [](schema::KnnRequest::Reader r) { return decode_search(r); }, limits);
        if (!pending) return protocol::to_caf(pending.error());
        auto base = self->state.base(pending->base);
        if (!base) return protocol::to_caf(base.error());
        pending->promise = self->make_response_promise<wire::Envelope>();
        auto promise = pending->promise;
        auto rows = pending->queries.size() / (*base)->spec().dim;
        self->state.queue->push(self, std::move(pending).value(), rows);
        return promise;
      },
      [self](flush_atom, uint64_t generation) { flush(self->state, generation); },
      [self](stats_atom) -> caf::result<wire::Envelope> { return stats(self->state); },
  };
}

}  // namespace

std::string device_label(const kernels::DeviceInfo& device) {
  return device.kind == kernels::DeviceInfo::Kind::cuda ? "cuda:" + std::to_string(device.index)
                                                        : "cpu";
}

protocol::compute_unit_actor spawn_compute_unit(caf::actor_system& system,
                                                ComputeUnitOptions options) {
  if (options.detached) return system.spawn<caf::detached>(compute_unit, std::move(options));
  return system.spawn(compute_unit, std::move(options));
}

}  // namespace ds::actors
