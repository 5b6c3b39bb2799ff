#pragma once

// The vector shard's `device: gpu` spaces: their index (Flat) keeps the
// vectors and the snapshots as every space's does, and a compute unit keeps
// a copy as a base ("<space>/<shard>") on its device, where the searches
// run (exact kNN). The copy is brought up to date before the first search
// after a change: by an update of the vectors whose ids changed when they
// are few (BaseUpdate: only they travel), else by a whole upload; either
// in parts of at most `part_floats` values (a message must stay under the
// readers' traversal limit: 64 MiB). Searches that arrive meanwhile wait
// for it. A unit that restarted (and so lost its bases) answers not_found,
// and the search uploads again and retries once; a failed update is
// followed by a whole upload. docs/compute.md.

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "actors/batching/batch_queue.hpp"
#include "actors/compute_unit/compute_units.hpp"
#include "protocol/caf_error.hpp"
#include "protocol/wire/build.hpp"
#include "schema/compute.capnp.h"
#include "storage/vector/vector_index.hpp"

namespace ds::actors {

using Hits = std::vector<std::vector<storage::VectorHit>>;
using HitsReply = std::function<void(Result<Hits>)>;

/// One kNN call's worth of searches: the queries of compatible searches.
struct DeviceQuery {
  std::vector<float> queries;
  uint32_t k = 0;
  std::optional<std::vector<uint64_t>> filter;
  schema::Priority priority = schema::Priority::NORMAL;
};

class DeviceSpaces {
 public:
  /// The index of a space now (not held across replies: a space may be
  /// dropped meanwhile).
  using FindIndex = std::function<Result<storage::VectorIndex*>(const std::string&)>;

  DeviceSpaces(uint32_t shard, std::shared_ptr<const ComputeUnits> units, FindIndex find,
               std::size_t part_floats)
      : shard_(shard),
        units_(std::move(units)),
        find_(std::move(find)),
        part_floats_(std::max<std::size_t>(1, part_floats)) {}

  bool available() const { return units_ != nullptr; }

  /// Updates, rather than uploads, carry changes of at most this many ids
  /// (or an eighth of the space, if more).
  static constexpr std::size_t kSmallChange = 1024;

  /// The vectors of `ids` in `space` changed here (upserted or deleted).
  void changed(const std::string& space, std::span<const storage::EntityId> ids) {
    ++changes_[space];
    touched_[space].insert(ids.begin(), ids.end());
  }
  /// Anything in `space` may have changed (it was dropped, say).
  void changed(const std::string& space) {
    ++changes_[space];
    whole_.insert(space);
  }
  /// Every space may have changed (a catch-up).
  void changed_all() { ++epoch_; }

  /// `space` was dropped: its copy leaves the unit (if the unit has one).
  template <class Self>
  void drop(Self self, const std::string& space) {
    if (uploaded_.erase(space) == 0 || !units_) return;
    if (auto unit = units_->unit_for(shard_))
      self->request(unit, caf::infinite, drop_atom::value, drop_request(space))
          .then([](const wire::Envelope&) {}, [](const caf::error&) {});
  }

  /// Answers `query` over `space`'s vectors on the shard's compute unit.
  /// Runs in the shard's actor, whose state holds this object.
  template <class Self>
  void search(Self self, const std::string& space, DeviceQuery query, HitsReply reply,
              bool retried = false) {
    if (!units_) return reply(make_error(errc::unavailable, "this node runs no compute units"));
    auto unit = units_->unit_for(shard_);
    if (!unit)
      return reply(make_error(
          errc::unavailable,
          "the compute unit of shard " + std::to_string(shard_) + " is restarting; retry"));
    if (auto waiting = syncing_.find(space); waiting != syncing_.end()) {
      waiting->second.push_back({std::move(query), std::move(reply), retried});
      return;
    }
    auto index = find_(space);
    if (!index) return reply(index.error());
    const auto version = current_version(space);
    const auto held = uploaded_.find(space);
    if (held != uploaded_.end() && held->second == version)
      return knn(self, space, std::move(query), std::move(reply), retried);
    const bool update = held != uploaded_.end() && held->second.epoch == epoch_ &&
                        whole_.count(space) == 0 &&
                        touched_[space].size() <= std::max(kSmallChange, (*index)->size() / 8);
    auto parts = update ? update_parts(**index, touched_[space]) : upload_parts(**index);
    if (!parts) return reply(parts.error());
    touched_.erase(space);  // what changed from here on is the next sync's
    if (!update) whole_.erase(space);
    syncing_[space].push_back({std::move(query), std::move(reply), retried});
    if (update)
      send(self, unit, apply_atom::value, space, std::move(*parts), 0, version);
    else
      send(self, unit, upload_atom::value, space, std::move(*parts), 0, version);
  }

 private:
  struct Version {
    uint64_t epoch = 0, changes = 0;
    bool operator==(const Version&) const = default;
  };

  Version current_version(const std::string& space) { return {epoch_, changes_[space]}; }
  std::string base_name(const std::string& space) const {
    return space + "/" + std::to_string(shard_);
  }

  /// A search waiting for its space's upload.
  struct Waiting {
    DeviceQuery query;
    HitsReply reply;
    bool retried = false;
  };

  /// The messages of one sync of a space's copy, made as they are sent.
  struct Parts {
    std::size_t count = 1;
    std::function<wire::Envelope(std::size_t)> make;
  };

  /// Sends part `i` of a sync (upload_atom: an upload; apply_atom: an
  /// update); the last part's answer releases the waiting searches.
  template <class Self, class Unit, class Atom>
  void send(Self self, Unit unit, Atom atom, const std::string& space,
            std::shared_ptr<const Parts> parts, std::size_t i, Version version) {
    self->request(unit, caf::infinite, atom, parts->make(i))
        .then(
            [this, self, unit, atom, space, parts, i, version](const wire::Envelope&) {
              if (auto index = find_(space); !index) {  // dropped meanwhile: so is the copy
                self->request(unit, caf::infinite, drop_atom::value, drop_request(space))
                    .then([](const wire::Envelope&) {}, [](const caf::error&) {});
                return release(self, space, index.error());
              }
              if (i + 1 < parts->count) return send(self, unit, atom, space, parts, i + 1, version);
              uploaded_[space] = version;
              release(self, space, {});
            },
            [this, self, atom, space](const caf::error& error) {
              failed(self, atom, space, protocol::from_caf(error));
            });
  }

  /// An upload failed: the waiting searches get its error.
  template <class Self>
  void failed(Self self, upload_atom, const std::string& space, Error error) {
    release(self, space, std::move(error));
  }
  /// An update failed (the unit restarted, say): the copy is not trusted
  /// any more, and the waiting searches start over with a whole upload.
  template <class Self>
  void failed(Self self, apply_atom, const std::string& space, Error) {
    uploaded_.erase(space);
    auto waiting = std::move(syncing_[space]);
    syncing_.erase(space);
    for (auto& w : waiting)
      search(self, space, std::move(w.query), std::move(w.reply), w.retried);
  }

  /// The upload of `space` ended: its waiting searches go on, or get the
  /// upload's error.
  template <class Self>
  void release(Self self, const std::string& space, std::optional<Error> failed) {
    auto found = syncing_.find(space);
    if (found == syncing_.end()) return;
    auto waiting = std::move(found->second);
    syncing_.erase(found);
    for (auto& w : waiting) {
      if (failed)
        w.reply(*failed);
      else
        knn(self, space, std::move(w.query), std::move(w.reply), w.retried);
    }
  }

  /// The space's live vectors as BaseUpload parts.
  Result<std::shared_ptr<const Parts>> upload_parts(const storage::VectorIndex& index) const;
  /// The change of `touched` ids as BaseUpdate parts: the ids the index
  /// holds upserted with their vectors, the others removed.
  Result<std::shared_ptr<const Parts>> update_parts(
      const storage::VectorIndex& index,
      const std::unordered_set<storage::EntityId>& touched) const;
  wire::Envelope knn_request(const std::string& space, const DeviceQuery& query) const;
  wire::Envelope drop_request(const std::string& space) const;
  /// The unit's answer as the vector shard answers: l2 as the distance.
  static Result<Hits> hits_of(const wire::Envelope& reply, storage::Metric metric);

  template <class Self>
  void knn(Self self, const std::string& space, DeviceQuery query, HitsReply reply, bool retried) {
    auto index = find_(space);
    if (!index) return reply(index.error());
    auto unit = units_->unit_for(shard_);
    if (!unit) return reply(make_error(errc::unavailable, "the compute unit restarted; retry"));
    auto metric = (*index)->spec().metric;
    self->request(unit, caf::infinite, search_atom::value, knn_request(space, query))
        .then([reply, metric](const wire::Envelope& answer) { reply(hits_of(answer, metric)); },
              [this, self, space, query, reply, retried](const caf::error& failure) mutable {
                auto error = protocol::from_caf(failure);
                // The unit restarted and lost its bases: upload again, once.
                if (error.code == errc::not_found && !retried) {
                  uploaded_.erase(space);
                  return search(self, space, std::move(query), std::move(reply), true);
                }
                reply(std::move(error));
              });
  }

  uint32_t shard_;
  std::shared_ptr<const ComputeUnits> units_;
  FindIndex find_;
  uint64_t epoch_ = 0;
  std::map<std::string, uint64_t> changes_;
  std::map<std::string, Version> uploaded_;  ///< what the unit holds, per space
  std::size_t part_floats_;
  /// Per space, the ids changed since its copy's last sync was sent, and
  /// whether anything else may have (then the next sync is an upload).
  std::map<std::string, std::unordered_set<storage::EntityId>> touched_;
  std::unordered_set<std::string> whole_;
  /// Spaces whose sync is under way, with the searches waiting for it.
  std::map<std::string, std::vector<Waiting>> syncing_;
};

}  // namespace ds::actors
