#pragma once

// bench/vector's measured path: the vectors in real shard stores (RocksDB),
// detached vector shard actors over them, and client threads that scatter
// each batch to every shard and merge the replies exactly, as the gateway
// does.

#include <filesystem>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/exit_reason.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/thread_hook.hpp>

#include "actors/vector_shard/vector_shard.hpp"
#include "bench/vector/samples.hpp"
#include "common/result.hpp"
#include "protocol/wire/build.hpp"
#include "runtime/actor_system_setup.hpp"
#include "schema/vector.capnp.h"
#include "storage/graph/graph_store.hpp"
#include "storage/graph/graph_write_batch.hpp"
#include "storage/graph/slot_ranges.hpp"

namespace ds::vector_bench {

namespace fs = std::filesystem;
using storage::EntityId;
using storage::GraphStore;
using storage::VectorSpaceSpec;

/// Sets the FAISS threads of every thread CAF starts, the detached shards' included.
class FaissThreadsHook final : public caf::thread_hook {
 public:
  explicit FaissThreadsHook(int threads) : threads_(threads) {}
  void init(caf::actor_system&) override {}
  void thread_started() override { use_faiss_threads(threads_); }
  void thread_terminates() override {}

 private:
  int threads_;
};

/// A node's shard stores in `dir`: vector number i is the node "v<i>", in the
/// store of its key's shard (slot_ranges.hpp), as the graph shards place it.
class ShardStores {
 public:
  static Result<std::unique_ptr<ShardStores>> create(const fs::path& dir, uint32_t shards,
                                                     std::size_t count) {
    std::unique_ptr<ShardStores> out(new ShardStores);
    for (uint32_t s = 0; s < shards; ++s) {
      auto store = GraphStore::open(dir / std::to_string(s));
      if (!store) return store.error();
      out->stores_.push_back(std::move(store).value());
    }
    out->parts_.resize(shards);
    out->ids_.resize(shards);
    auto batches = out->open_batches();
    for (std::size_t i = 0; i < count; ++i) {
      auto key = "v" + std::to_string(i);
      auto shard = ds::storage::shard_of_slot(ds::storage::slot_of_key(key), shards);
      auto id = batches[shard]->upsert_node(key, {}, {});
      if (!id) return id.error();
      out->numbers_.emplace(*id, static_cast<int64_t>(i));
      out->parts_[shard].push_back(static_cast<int64_t>(i));
      out->ids_[shard].push_back(*id);
      if (auto ok = commit_every(*batches[shard], out->parts_[shard].size()); !ok)
        return ok.error();
    }
    if (auto ok = out->commit_and_compact(batches); !ok) return ok.error();
    return out;
  }

  /// Defines `spec` in every store and writes each vector into its node's
  /// store, then compacts: the shards build from settled stores.
  Result<void> put_space(const VectorSpaceSpec& spec, const Dataset& data) {
    auto batches = open_batches();
    for (std::size_t s = 0; s < stores_.size(); ++s) {
      if (auto ok = batches[s]->put_space(spec); !ok) return ok;
      for (std::size_t i = 0; i < parts_[s].size(); ++i) {
        std::span<const float> row(data.base.data() + parts_[s][i] * data.dim, data.dim);
        if (auto ok = batches[s]->put_vector(spec.name, ids_[s][i], row); !ok) return ok;
        if (auto ok = commit_every(*batches[s], i + 1); !ok) return ok;
      }
    }
    return commit_and_compact(batches);
  }

  std::vector<std::shared_ptr<const GraphStore>> stores() const {
    return {stores_.begin(), stores_.end()};
  }
  /// The vector numbers in each store: what each shard's index holds.
  const std::vector<std::vector<int64_t>>& parts() const { return parts_; }
  /// The vector number of an entity id (-1: none).
  int64_t number_of(EntityId id) const {
    auto found = numbers_.find(id);
    return found == numbers_.end() ? -1 : found->second;
  }

 private:
  static constexpr std::size_t kCommitRows = 10'000;  // a RocksDB batch of a few MB

  ShardStores() = default;

  std::vector<std::unique_ptr<ds::storage::GraphWriteBatch>> open_batches() {
    std::vector<std::unique_ptr<ds::storage::GraphWriteBatch>> batches;
    for (auto& store : stores_)
      batches.push_back(std::make_unique<ds::storage::GraphWriteBatch>(*store));
    return batches;
  }
  static Result<void> commit_every(ds::storage::GraphWriteBatch& batch, std::size_t written) {
    return written % kCommitRows == 0 ? batch.commit() : Result<void>{};
  }
  Result<void> commit_and_compact(
      std::vector<std::unique_ptr<ds::storage::GraphWriteBatch>>& batches) {
    for (std::size_t s = 0; s < stores_.size(); ++s) {
      if (auto ok = batches[s]->commit(); !ok) return ok;
      if (auto ok = stores_[s]->compact(); !ok) return ok;
    }
    return {};
  }
  std::vector<std::shared_ptr<GraphStore>> stores_;
  std::vector<std::vector<int64_t>> parts_;
  std::vector<std::vector<EntityId>> ids_;  // by store, in parts_ order
  std::unordered_map<EntityId, int64_t> numbers_;
};

/// Detached vector shard actors over the stores, as a node runs them.
class ShardActors {
 public:
  static Result<std::unique_ptr<ShardActors>> start(const ShardStores& stores, int faiss_threads) {
    std::unique_ptr<ShardActors> actors(new ShardActors);
    ds::runtime::ActorSystemOptions options;
    options.network = false;
    ds::runtime::configure_actor_system(actors->config_, options);
    actors->config_.add_thread_hook<FaissThreadsHook>(faiss_threads);
    actors->system_ = std::make_unique<caf::actor_system>(actors->config_);
    for (auto& store : stores.stores()) {
      ds::actors::VectorShardOptions shard;
      shard.store = store;
      auto spawned = ds::actors::spawn_vector_shard(*actors->system_, shard);
      if (!spawned) return spawned.error();
      actors->shards_.push_back(*spawned);
    }
    return actors;
  }

  ~ShardActors() {
    if (!system_) return;
    caf::scoped_actor self{*system_};
    for (auto& shard : shards_)
      self->send_exit(shard, caf::exit_reason::user_shutdown);
  }

  /// A first search of `space` on every shard at once: each builds its index
  /// from its store (a space defined after the shard started), in parallel.
  Result<void> build(const std::string& space, const Dataset& data) {
    caf::scoped_actor self{*system_};
    std::vector<float> query(data.queries.begin(), data.queries.begin() + data.dim);
    auto request = search_request(space, query, 0, 0);
    std::vector<Reply> replies;
    for (auto& shard : shards_)
      replies.push_back(self->request(shard, caf::infinite, ds::search_atom::value, request));
    Result<void> built;
    for (auto& reply : replies)
      reply.receive(
          [](const ds::wire::Envelope&) {},
          [&](caf::error& error) { built = make_error(errc::internal, system_->render(error)); });
    return built;
  }

  /// Drops `space`'s index from every shard, as the graph shard does when a
  /// space is deleted: its memory is free for the next one (a failure only
  /// leaves it in memory, so it is not reported).
  void drop(const std::string& space) {
    caf::scoped_actor self{*system_};
    auto update = ds::wire::build<ds::schema::VectorUpdate>([&](auto u) {
      u.setSpace(space);
      u.setDropSpace(true);
    });
    for (auto& shard : shards_)
      self->request(shard, caf::infinite, ds::apply_atom::value, update)
          .receive([](const ds::wire::Envelope&) {}, [](caf::error&) {});
  }

  /// A search for the kTopK nearest of `queries`; 0: the space's default.
  static ds::wire::Envelope search_request(const std::string& space,
                                           const std::vector<float>& queries, int ef_search,
                                           int nprobe) {
    return ds::wire::build<ds::schema::VectorSearchRequest>([&](auto r) {
      r.setSpace(space);
      auto list = r.initQueries(static_cast<unsigned>(queries.size()));
      for (unsigned i = 0; i < queries.size(); ++i)
        list.set(i, queries[i]);
      r.setK(static_cast<uint32_t>(kTopK));
      r.setEfSearch(ef_search);
      r.setNprobe(nprobe);
    });
  }

  using Reply = decltype(std::declval<caf::scoped_actor&>()->request(
      std::declval<const protocol::vector_shard_actor&>(), caf::infinite, ds::search_atom::value,
      std::declval<ds::wire::Envelope>()));

  caf::actor_system& system() { return *system_; }
  const std::vector<protocol::vector_shard_actor>& shards() const { return shards_; }

 private:
  ShardActors() = default;
  caf::actor_system_config config_;
  std::unique_ptr<caf::actor_system> system_;
  std::vector<protocol::vector_shard_actor> shards_;
};

/// One batch scattered to every shard, its replies not yet received.
struct InFlight {
  std::size_t first = 0;
  std::vector<ShardActors::Reply> replies;
};


/// Receives every shard's reply to `batch` and merges them per query.
void complete(InFlight& batch, const Case& c, const ShardStores& stores, const Dataset& data,
              Answers& answers, Sample& sample, std::mutex& sample_mutex);

/// Batches from `run.threads` client threads, each keeping its share of
/// run.in_flight queries outstanding; replies are received in the order sent,
/// which is the order each shard answers in.
Sample actor_sample(ShardActors& actors, const ShardStores& stores, const std::string& space,
                    const Dataset& data, const Case& c, const Run& run, std::size_t cursor,
                    Answers& answers);

}  // namespace ds::vector_bench
