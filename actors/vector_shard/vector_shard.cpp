#include "actors/vector_shard/vector_shard.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_set>
#include <vector>

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include "actors/vector_shard/space_indexes.hpp"
#include "runtime/caf_error.hpp"
#include "runtime/wire/build.hpp"
#include "runtime/wire/deadline.hpp"
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

int rank_of(schema::Priority priority) {
  switch (priority) {
    case schema::Priority::HIGH:
      return 0;
    case schema::Priority::LOW:
      return 2;
    default:
      return 1;
  }
}

struct ShardState {
  VectorShardOptions options;
  std::shared_ptr<SpaceIndexes> indexes;  // shared only to pass through spawn
  bool caught_up = false;  // with what the store committed before this shard's handle was out
  std::vector<Pending> queue;
  std::size_t queued_rows = 0;  // queries in `queue`
  uint64_t generation = 0;      // of the batch being gathered; a flush names the one it ends
  bool flush_pending = false;   // a flush is on its way: at once
  bool timer_pending = false;   // or after the policy's delay
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
    caught_up = true;
    return {};
  }
};

using Self = vector_shard_actor::stateful_pointer<ShardState>;

Result<wire::Envelope> apply(ShardState& state, schema::VectorUpdate::Reader update) {
  auto space = schema::to_string(update.getSpace());
  if (update.getDropSpace()) {
    state.indexes->drop(space);
    return wire::build<schema::VectorUpdateResult>([](auto) {});
  }
  auto ids = schema::to_vector<EntityId>(update.getUpsertIds());
  auto rows = schema::to_vector<float>(update.getRows());
  auto gone = schema::to_vector<EntityId>(update.getDeleteIds());
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

/// Answers `group` (searches of one space, k and parameters) with FAISS
/// calls of at most max_batch_size queries each.
void answer(ShardState& state, std::vector<Pending*>& group) {
  const auto& policy = state.options.batching;
  auto index = state.indexes->find(group.front()->space);
  const auto* filter = group.front()->filter ? &*group.front()->filter : nullptr;
  std::size_t start = 0;
  while (start < group.size()) {
    std::vector<float> queries;
    std::size_t end = start, rows = 0;
    auto dim = index ? (*index)->spec().dim : 1;
    while (end < group.size() &&
           (end == start || rows + group[end]->queries.size() / dim <= policy.max_batch_size)) {
      rows += group[end]->queries.size() / dim;
      queries.insert(queries.end(), group[end]->queries.begin(), group[end]->queries.end());
      ++end;
    }
    Result<std::vector<std::vector<storage::VectorHit>>> found =
        index ? (*index)->search(queries, group.front()->k, group.front()->params, filter)
              : Result<std::vector<std::vector<storage::VectorHit>>>(index.error());
    ++state.faiss_calls;
    if (policy.on_batch) policy.on_batch(rows);
    std::size_t first = 0;
    for (std::size_t i = start; i < end; ++i) {
      auto& pending = *group[i];
      auto count = pending.queries.size() / dim;
      if (!found)
        pending.promise.deliver(runtime::to_caf(found.error()));
      else
        pending.promise.deliver(encode_hits(*found, first, count));
      first += count;
    }
    start = end;
  }
}

/// Answers the searches whose deadline passed while queued with a timeout:
/// nobody waits for them any more, so they are not run.
void drop_expired(std::vector<Pending>& queue) {
  auto now = wire::now_unix_micros();
  std::erase_if(queue, [now](Pending& pending) {
    if (pending.deadline == 0 || now <= pending.deadline) return false;
    pending.promise.deliver(runtime::to_caf(
        make_error(errc::timeout, "the search's deadline passed while it was queued")));
    return true;
  });
}

/// Answers every queued search: compatible ones together, the groups in
/// priority order (a group runs at its most urgent search's rank).
void flush(ShardState& state) {
  state.flush_pending = state.timer_pending = false;
  ++state.generation;
  state.queued_rows = 0;
  auto queue = std::move(state.queue);
  state.queue.clear();
  state.searches += queue.size();
  drop_expired(queue);
  std::stable_sort(queue.begin(), queue.end(),
                   [](const Pending& a, const Pending& b) { return a.rank < b.rank; });
  using Key = std::tuple<std::string, uint32_t, int, int>;
  std::map<Key, std::size_t> index;
  std::vector<std::vector<Pending*>> groups;  // filtered searches: each its own call
  for (auto& pending : queue) {
    if (pending.filter) {
      groups.push_back({&pending});
      continue;
    }
    Key key{pending.space, pending.k, pending.params.ef_search.value_or(0),
            pending.params.nprobe.value_or(0)};
    auto [at, added] = index.emplace(key, groups.size());
    if (added) groups.emplace_back();
    groups[at->second].push_back(&pending);
  }
  for (auto& group : groups)
    answer(state, group);
}

/// Queues `pending` and makes sure a flush is on its way: at once when the
/// policy says the batch may run, else after its delay.
void enqueue(Self self, Pending pending) {
  auto& state = self->state;
  auto index = state.indexes->find(pending.space);
  auto dim = index ? (*index)->spec().dim : 1;
  state.queued_rows += std::max<std::size_t>(1, pending.queries.size() / dim);
  bool urgent = pending.rank == 0;
  state.queue.push_back(std::move(pending));
  const auto& policy = state.options.batching;
  if (run_now(policy, state.queued_rows, urgent)) {
    if (state.flush_pending) return;
    state.flush_pending = true;
    self->send(self, flush_atom::value, state.generation);
  } else if (!state.timer_pending) {
    state.timer_pending = true;
    self->delayed_send(self, caf::timespan{policy.max_queue_delay}, flush_atom::value,
                       state.generation);
  }
}

vector_shard_actor::behavior_type vector_shard(Self self, VectorShardOptions options,
                                               std::shared_ptr<SpaceIndexes> indexes) {
  self->state.options = std::move(options);
  self->state.indexes = std::move(indexes);
  return {
      [self](apply_atom, const wire::Envelope& request) -> caf::result<wire::Envelope> {
        if (auto ok = self->state.current(); !ok) return runtime::to_caf(ok.error());
        return runtime::to_caf_result(wire::read<schema::VectorUpdate>(
            request, [&](schema::VectorUpdate::Reader r) { return apply(self->state, r); },
            self->state.options.limits));
      },
      [self](search_atom, const wire::Envelope& request) -> caf::result<wire::Envelope> {
        if (auto ok = self->state.current(); !ok) return runtime::to_caf(ok.error());
        auto pending = wire::read<schema::VectorSearchRequest>(
            request, [](schema::VectorSearchRequest::Reader r) { return decode_search(r); },
            self->state.options.limits);
        if (!pending) return runtime::to_caf(pending.error());
        pending->promise = self->make_response_promise<wire::Envelope>();
        auto promise = pending->promise;
        enqueue(self, std::move(pending).value());
        return promise;
      },
      [self](flush_atom, uint64_t generation) {
        // A delayed flush for a batch that already ran (it filled up) is stale.
        if (generation == self->state.generation) flush(self->state);
      },
      [self](stats_atom) -> caf::result<wire::Envelope> {
        if (auto ok = self->state.current(); !ok) return runtime::to_caf(ok.error());
        auto& indexes = *self->state.indexes;
        std::vector<std::pair<std::string, uint64_t>> per_space;
        for (const auto& spec : indexes.store().spaces()) {
          auto index = indexes.find(spec.name);
          if (!index) return runtime::to_caf(index.error());
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

Result<vector_shard_actor> spawn_vector_shard(caf::actor_system& system,
                                              VectorShardOptions options) {
  if (!options.store) return make_error(errc::invalid_argument, "a vector shard needs a store");
  auto indexes = std::make_shared<SpaceIndexes>(options.store, options.snapshot_dir);
  if (auto opened = indexes->open_all(); !opened) return opened.error();
  if (options.detached)
    return system.spawn<caf::detached>(vector_shard, std::move(options), std::move(indexes));
  return system.spawn(vector_shard, std::move(options), std::move(indexes));
}

}  // namespace ds::actors
