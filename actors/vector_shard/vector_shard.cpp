#include "actors/vector_shard/vector_shard.hpp"

#include <map>
#include <tuple>
#include <unordered_set>
#include <vector>

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>

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
};

struct Indexes {
  std::shared_ptr<const storage::GraphStore> store;
  std::map<std::string, std::unique_ptr<VectorIndex>, std::less<>> spaces;

  /// The index of `space`; one defined in the store since the last look is
  /// built from it.
  Result<VectorIndex*> find(std::string_view space) {
    if (auto it = spaces.find(space); it != spaces.end()) return it->second.get();
    for (const auto& spec : store->spaces())
      if (spec.name == space) {
        auto built = build(spec);
        if (!built) return built.error();
        auto* index = built->get();
        spaces.emplace(spec.name, std::move(built).value());
        return index;
      }
    return make_error(errc::not_found, "no vector space \"" + std::string(space) + "\"");
  }

  Result<std::unique_ptr<VectorIndex>> build(const storage::VectorSpaceSpec& spec) const {
    auto index = VectorIndex::create(spec);
    if (!index) return index.error();
    auto vectors = store->vectors(spec.name);
    if (!vectors) return vectors.error();
    if (auto rebuilt = (*index)->rebuild(vectors->ids, vectors->rows); !rebuilt)
      return rebuilt.error();
    return index;
  }
};

struct ShardState {
  VectorShardOptions options;
  Indexes indexes;
  std::vector<Pending> queue;
  bool flush_pending = false;
  uint64_t searches = 0;
  uint64_t faiss_calls = 0;
};

using Self = vector_shard_actor::stateful_pointer<ShardState>;

Result<wire::Envelope> apply(ShardState& state, schema::VectorUpdate::Reader update) {
  auto space = schema::to_string(update.getSpace());
  if (update.getDropSpace()) {
    state.indexes.spaces.erase(space);
    return wire::build<schema::VectorUpdateResult>([](auto) {});
  }
  auto index = state.indexes.find(space);
  if (!index) return index.error();
  auto ids = schema::to_vector<EntityId>(update.getUpsertIds());
  auto rows = schema::to_vector<float>(update.getRows());
  if (auto upserted = (*index)->upsert(ids, rows); !upserted) {
    // The store has what the index missed: the next use rebuilds from it.
    state.indexes.spaces.erase(space);
    return upserted.error();
  }
  auto gone = schema::to_vector<EntityId>(update.getDeleteIds());
  auto deleted = (*index)->remove(gone);
  if ((*index)->wants_rebuild()) {
    auto rebuilt = state.indexes.build((*index)->spec());
    if (!rebuilt) return rebuilt.error();
    state.indexes.spaces[space] = std::move(rebuilt).value();
  }
  return wire::build<schema::VectorUpdateResult>([&](schema::VectorUpdateResult::Builder out) {
    out.setUpserted(static_cast<uint32_t>(ids.size()));
    out.setDeleted(static_cast<uint32_t>(deleted));
  });
}

Result<Pending> decode_search(schema::VectorSearchRequest::Reader request) {
  if (auto ok = wire::check_deadline(request.getHeader()); !ok) return ok.error();
  Pending pending;
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
/// calls of at most max_batch queries each.
void answer(ShardState& state, std::vector<Pending*>& group) {
  auto index = state.indexes.find(group.front()->space);
  const auto* filter = group.front()->filter ? &*group.front()->filter : nullptr;
  std::size_t start = 0;
  while (start < group.size()) {
    std::vector<float> queries;
    std::size_t end = start, rows = 0;
    auto dim = index ? (*index)->spec().dim : 1;
    while (end < group.size() && (end == start || rows + group[end]->queries.size() / dim <=
                                                      state.options.max_batch)) {
      rows += group[end]->queries.size() / dim;
      queries.insert(queries.end(), group[end]->queries.begin(), group[end]->queries.end());
      ++end;
    }
    Result<std::vector<std::vector<storage::VectorHit>>> found =
        index ? (*index)->search(queries, group.front()->k, group.front()->params, filter)
              : Result<std::vector<std::vector<storage::VectorHit>>>(index.error());
    ++state.faiss_calls;
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

/// Answers every queued search: compatible ones together.
void flush(ShardState& state) {
  state.flush_pending = false;
  auto queue = std::move(state.queue);
  state.queue.clear();
  state.searches += queue.size();
  using Key = std::tuple<std::string, uint32_t, int, int>;
  std::map<Key, std::vector<Pending*>> groups;
  std::vector<std::vector<Pending*>> alone;  // filtered: each its own call
  for (auto& pending : queue) {
    if (pending.filter) {
      alone.push_back({&pending});
      continue;
    }
    groups[{pending.space, pending.k, pending.params.ef_search.value_or(0),
            pending.params.nprobe.value_or(0)}]
        .push_back(&pending);
  }
  for (auto& [key, group] : groups)
    answer(state, group);
  for (auto& group : alone)
    answer(state, group);
}

vector_shard_actor::behavior_type vector_shard(Self self, VectorShardOptions options,
                                               std::shared_ptr<Indexes> built) {
  self->state.options = std::move(options);
  self->state.indexes = std::move(*built);
  return {
      [self](apply_atom, const wire::Envelope& request) {
        return runtime::to_caf_result(wire::read<schema::VectorUpdate>(
            request, [&](schema::VectorUpdate::Reader r) { return apply(self->state, r); },
            self->state.options.limits));
      },
      [self](search_atom, const wire::Envelope& request) -> caf::result<wire::Envelope> {
        auto pending = wire::read<schema::VectorSearchRequest>(
            request, [](schema::VectorSearchRequest::Reader r) { return decode_search(r); },
            self->state.options.limits);
        if (!pending) return runtime::to_caf(pending.error());
        pending->promise = self->make_response_promise<wire::Envelope>();
        auto promise = pending->promise;
        self->state.queue.push_back(std::move(pending).value());
        if (!self->state.flush_pending) {
          self->state.flush_pending = true;
          self->send(self, flush_atom::value);
        }
        return promise;
      },
      [self](flush_atom) { flush(self->state); },
      [self](stats_atom) -> caf::result<wire::Envelope> {
        auto& indexes = self->state.indexes;
        std::vector<std::pair<std::string, uint64_t>> per_space;
        for (const auto& spec : indexes.store->spaces()) {
          auto index = indexes.find(spec.name);
          if (!index) return runtime::to_caf(index.error());
          per_space.emplace_back(spec.name, (*index)->size());
        }
        uint64_t vectors = 0;
        for (const auto& [name, index] : indexes.spaces)
          vectors += index->size();
        return wire::build<schema::VectorShardStats>([&](schema::VectorShardStats::Builder out) {
          auto list = out.initPerSpace(static_cast<unsigned>(per_space.size()));
          for (unsigned i = 0; i < per_space.size(); ++i) {
            list[i].setName(per_space[i].first);
            list[i].setVectors(per_space[i].second);
          }
          out.setSpaces(static_cast<uint32_t>(self->state.indexes.spaces.size()));
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
  auto built = std::make_shared<Indexes>();
  built->store = options.store;
  if (options.detached)
    return system.spawn<caf::detached>(vector_shard, std::move(options), std::move(built));
  return system.spawn(vector_shard, std::move(options), std::move(built));
}

}  // namespace ds::actors
