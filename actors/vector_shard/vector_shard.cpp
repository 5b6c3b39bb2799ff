#include "actors/vector_shard/vector_shard.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_set>
#include <vector>

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include "actors/batching/batch_queue.hpp"
#include "actors/vector_shard/device_spaces.hpp"
#include "actors/vector_shard/space_indexes.hpp"
#include "protocol/caf_error.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/deadline.hpp"
#include "schema/lists.hpp"
#include "schema/text.hpp"
#include "schema/vector.capnp.h"
#include "storage/vector/vector_index.hpp"

namespace ds::actors {
namespace {

using storage::EntityId;
using storage::VectorIndex;
using Promise = caf::typed_response_promise<wire::Envelope>;

/// A search waiting for the flush, decoded.
struct Pending {
  Promise promise;
  std::string space;
  std::vector<float> queries;
  uint32_t k = 0;
  storage::SearchParams params;
  std::optional<std::unordered_set<EntityId>> filter;
  int64_t deadline = 0;  ///< unix micros; 0: none
  int rank = 1;          ///< 0 high, 1 normal, 2 low priority: the order batches run in
};

struct ShardState {
  VectorShardOptions options;
  std::shared_ptr<SpaceIndexes> indexes;  // shared only to pass through spawn
  bool caught_up = false;  // with what the store committed before this shard's handle was out
  std::optional<BatchQueue<Pending>> queue;  // made when the options arrive
  std::optional<DeviceSpaces> device;        // likewise
  uint64_t searches = 0;
  uint64_t faiss_calls = 0;

  /// The changed spaces' snapshots are written however the shard stops.
  ~ShardState() {
    if (indexes) indexes->save_changed();
  }

  /// Called first by every handler: the first message comes from someone
  /// who found this shard's handle published, so whatever the store
  /// committed before that is in the store now.
  Result<void> current() {
    if (caught_up) return {};
    if (auto ok = indexes->catch_up(); !ok) return ok;
    device->changed_all();
    caught_up = true;
    return {};
  }
};

using Self = protocol::vector_shard_actor::stateful_pointer<ShardState>;

Result<wire::Envelope> apply(Self self, schema::VectorUpdate::Reader update) {
  auto& state = self->state;
  auto space = schema::to_string(update.getSpace());
  if (update.getDropSpace()) {
    state.device->changed(space);
    state.indexes->drop(space);
    state.device->drop(self, space);
    return wire::build<schema::VectorUpdateResult>([](auto) {});
  }
  auto ids = schema::to_vector<EntityId>(update.getUpsertIds());
  auto rows = schema::to_vector<float>(update.getRows());
  auto gone = schema::to_vector<EntityId>(update.getDeleteIds());
  state.device->changed(space, ids);
  state.device->changed(space, gone);
  auto applied = state.indexes->apply(space, update.getVersion(), ids, rows, gone);
  if (!applied) return applied.error();
  return wire::build<schema::VectorUpdateResult>([&](schema::VectorUpdateResult::Builder out) {
    out.setUpserted(applied->upserted);
    out.setDeleted(applied->deleted);
  });
}

Result<Pending> decode_search(schema::VectorSearchRequest::Reader request) {
  if (auto ok = wire::check_deadline(request.getHeader()); !ok) return ok.error();
  Pending pending;
  pending.deadline = request.getHeader().getDeadlineUnixMicros();
  pending.rank = rank_of(request.getHeader().getPriority());
  pending.space = schema::to_string(request.getSpace());
  pending.queries = schema::to_vector<float>(request.getQueries());
  pending.k = request.getK();
  if (request.getEfSearch() > 0) pending.params.ef_search = request.getEfSearch();
  if (request.getNprobe() > 0) pending.params.nprobe = request.getNprobe();
  if (request.getHasFilter()) {
    auto& only = pending.filter.emplace();
    for (auto id : request.getFilter())
      only.insert(id);
  }
  return pending;
}

wire::Envelope encode_hits(const std::vector<std::vector<storage::VectorHit>>& results,
                           std::size_t first, std::size_t count) {
  return wire::build<schema::VectorSearchResponse>([&](schema::VectorSearchResponse::Builder out) {
    auto list = out.initResults(static_cast<unsigned>(count));
    for (std::size_t q = 0; q < count; ++q) {
      const auto& hits = results[first + q];
      auto row = list[static_cast<unsigned>(q)].initHits(static_cast<unsigned>(hits.size()));
      for (unsigned h = 0; h < hits.size(); ++h) {
        row[h].setId(hits[h].id);
        row[h].setScore(hits[h].score);
      }
    }
  });
}

schema::Priority priority_of(int rank) {
  return rank == 0 ? schema::Priority::HIGH
                   : (rank == 2 ? schema::Priority::LOW : schema::Priority::NORMAL);
}

/// Answers `group` (searches of one `device: gpu` space and k) with one
/// request to the shard's compute unit; the searches wait for its reply.
void answer_on_device(Self self, std::vector<Pending*>& group, std::size_t dim) {
  auto searches = std::make_shared<std::vector<Pending>>();
  DeviceQuery query;
  query.k = group.front()->k;
  query.priority = priority_of(group.front()->rank);
  if (group.front()->filter)
    query.filter.emplace(group.front()->filter->begin(), group.front()->filter->end());
  for (auto* pending : group) {
    query.queries.insert(query.queries.end(), pending->queries.begin(), pending->queries.end());
    searches->push_back(std::move(*pending));
  }
  auto space = searches->front().space;
  self->state.device->search(self, space, std::move(query), [searches, dim](Result<Hits> hits) {
    std::vector<Pending*> in_order;
    for (auto& pending : *searches)
      in_order.push_back(&pending);
    deliver_rows(std::span(in_order), hits, dim, encode_hits);
  });
}

/// Answers `group` (searches of one space, k and parameters) with FAISS
/// calls of at most max_batch_size queries each, or on a compute unit for
/// a `device: gpu` space.
void answer(Self self, std::vector<Pending*>& group) {
  auto& state = self->state;
  const auto& policy = state.queue->policy();
  auto index = state.indexes->find(group.front()->space);
  if (index && (*index)->spec().device == storage::Device::gpu)
    return answer_on_device(self, group, (*index)->spec().dim);
  const auto* filter = group.front()->filter ? &*group.front()->filter : nullptr;
  auto dim = index ? (*index)->spec().dim : 1;
  answer_in_calls(
      group, dim, policy.max_batch_size,
      [&](const std::vector<float>& queries, std::size_t rows) -> Result<Hits> {
        if (!index) return index.error();
        auto found = (*index)->search(queries, group.front()->k, group.front()->params, filter);
        ++state.faiss_calls;
        if (policy.on_batch) policy.on_batch(rows);
        return found;
      },
      encode_hits);
}

/// Answers every queued search of the batch `generation` ends: compatible
/// ones together (a filtered search alone), the groups in priority order
/// (a group runs at its most urgent search's rank).
void flush(Self self, uint64_t generation) {
  auto& state = self->state;
  std::size_t taken = 0;
  auto queue = state.queue->take(generation, taken);
  state.searches += taken;
  using Key = std::tuple<std::string, uint32_t, int, int>;
  auto groups = group_compatible(queue, [](const Pending& pending) -> std::optional<Key> {
    if (pending.filter) return std::nullopt;
    return Key{pending.space, pending.k, pending.params.ef_search.value_or(0),
               pending.params.nprobe.value_or(0)};
  });
  for (auto& group : groups)
    answer(self, group);
}

/// Queues `pending`; a flush is on its way when the policy says.
void enqueue(Self self, Pending pending) {
  auto& state = self->state;
  auto index = state.indexes->find(pending.space);
  auto dim = index ? (*index)->spec().dim : 1;
  auto rows = pending.queries.size() / dim;
  state.queue->push(self, std::move(pending), rows);
}

protocol::vector_shard_actor::behavior_type vector_shard(Self self, VectorShardOptions options,
                                                         std::shared_ptr<SpaceIndexes> indexes) {
  self->state.queue.emplace(options.batching);
  // The finder holds the indexes by the state's pointer: the state outlives
  // every reply the device path waits for.
  auto* state = &self->state;
  self->state.device.emplace(
      options.index, options.compute,
      [state](const std::string& space) { return state->indexes->find(space); },
      options.device_upload_floats);
  self->state.options = std::move(options);
  self->state.indexes = std::move(indexes);
  return {
      [self](apply_atom, const wire::Envelope& request) -> caf::result<wire::Envelope> {
        if (auto ok = self->state.current(); !ok) return protocol::to_caf(ok.error());
        return protocol::to_caf_result(wire::read<schema::VectorUpdate>(
            request, [&](schema::VectorUpdate::Reader r) { return apply(self, r); },
            self->state.options.limits));
      },
      [self](search_atom, const wire::Envelope& request) -> caf::result<wire::Envelope> {
        if (auto ok = self->state.current(); !ok) return protocol::to_caf(ok.error());
        auto pending = wire::read<schema::VectorSearchRequest>(
            request, [](schema::VectorSearchRequest::Reader r) { return decode_search(r); },
            self->state.options.limits);
        if (!pending) return protocol::to_caf(pending.error());
        pending->promise = self->make_response_promise<wire::Envelope>();
        auto promise = pending->promise;
        enqueue(self, std::move(pending).value());
        return promise;
      },
      [self](flush_atom, uint64_t generation) { flush(self, generation); },
      [self](stats_atom) -> caf::result<wire::Envelope> {
        if (auto ok = self->state.current(); !ok) return protocol::to_caf(ok.error());
        auto& indexes = *self->state.indexes;
        std::vector<std::pair<std::string, uint64_t>> per_space;
        for (const auto& spec : indexes.store().spaces()) {
          auto index = indexes.find(spec.name);
          if (!index) return protocol::to_caf(index.error());
          per_space.emplace_back(spec.name, (*index)->size());
        }
        auto sizes = indexes.sizes();
        uint64_t vectors = 0;
        for (const auto& [name, size] : sizes)
          vectors += size;
        return wire::build<schema::VectorShardStats>([&](schema::VectorShardStats::Builder out) {
          auto list = out.initPerSpace(static_cast<unsigned>(per_space.size()));
          for (unsigned i = 0; i < per_space.size(); ++i) {
            list[i].setName(per_space[i].first);
            list[i].setVectors(per_space[i].second);
          }
          out.setSpaces(static_cast<uint32_t>(sizes.size()));
          out.setVectors(vectors);
          out.setSearches(self->state.searches);
          out.setFaissCalls(self->state.faiss_calls);
        });
      },
  };
}

}  // namespace

Result<protocol::vector_shard_actor> spawn_vector_shard(caf::actor_system& system,
                                                        VectorShardOptions options) {
  if (!options.store) return make_error(errc::invalid_argument, "a vector shard needs a store");
  auto indexes = std::make_shared<SpaceIndexes>(options.store, options.snapshot_dir);
  if (auto opened = indexes->open_all(); !opened) return opened.error();
  if (options.detached)
    return system.spawn<caf::detached>(vector_shard, std::move(options), std::move(indexes));
  return system.spawn(vector_shard, std::move(options), std::move(indexes));
}

}  // namespace ds::actors
