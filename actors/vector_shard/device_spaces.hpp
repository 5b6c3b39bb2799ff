#pragma once

// The vector shard's `device: gpu` spaces: their index (Flat) keeps the
// vectors and the snapshots as every space's does, and a compute unit keeps
// a copy as a base ("<space>/<shard>") on its device, where the searches
// run (exact kNN). The copy is uploaded before the first search after a
// change, in parts of at most `part_floats` values (a message must stay
// under the readers' traversal limit: 64 MiB); searches that arrive while
// it travels wait for it. A unit that restarted (and so lost its bases)
// answers not_found, and the search uploads again and retries once.
// docs/compute.md.

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "actors/batching/batch_queue.hpp"
#include "actors/compute_unit/compute_units.hpp"
#include "runtime/caf_error.hpp"
#include "runtime/wire/build.hpp"
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

  /// `space` changed here: its copy is stale.
  void changed(const std::string& space) { ++changes_[space]; }
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
    if (auto waiting = uploading_.find(space); waiting != uploading_.end()) {
      waiting->second.push_back({std::move(query), std::move(reply), retried});
      return;
    }
    auto index = find_(space);
    if (!index) return reply(index.error());
    auto version = current_version(space);
    if (uploaded_.count(space) == 0 || uploaded_[space] != version) {
      auto live = (*index)->live_vectors();
      if (!live) return reply(live.error());
      uploading_[space].push_back({std::move(query), std::move(reply), retried});
      auto vectors = std::make_shared<storage::VectorIndex::Live>(std::move(*live));
      send_part(self, unit, space, (*index)->spec(), std::move(vectors), 0, version);
      return;
    }
    knn(self, space, std::move(query), std::move(reply), retried);
  }

 private:
  struct Version {
    uint64_t epoch = 0, changes = 0;
    bool operator!=(const Version& o) const { return epoch != o.epoch || changes != o.changes; }
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

  /// Sends the part of `vectors` from vector `first` on; the last part's
  /// answer releases the searches waiting for the upload.
  template <class Self, class Unit>
  void send_part(Self self, Unit unit, const std::string& space,
                 const storage::VectorSpaceSpec& spec,
                 std::shared_ptr<storage::VectorIndex::Live> vectors, std::size_t first,
                 Version version) {
    const std::size_t per_part = std::max<std::size_t>(1, part_floats_ / spec.dim);
    const std::size_t count = std::min(per_part, vectors->ids.size() - first);
    const bool more = first + count < vectors->ids.size();
    auto part = upload_part(spec, *vectors, first, count, more);
    self->request(unit, caf::infinite, upload_atom::value, part)
        .then(
            [this, self, unit, space, spec, vectors, first, count, more,
             version](const wire::Envelope&) mutable {
              if (more)
                return send_part(self, unit, space, spec, std::move(vectors), first + count,
                                 version);
              uploaded_[space] = version;
              release(self, space, {});
            },
            [this, self, space](const caf::error& error) {
              release(self, space, runtime::from_caf(error));
            });
  }

  /// The upload of `space` ended: its waiting searches go on, or get the
  /// upload's error.
  template <class Self>
  void release(Self self, const std::string& space, std::optional<Error> failed) {
    auto found = uploading_.find(space);
    if (found == uploading_.end()) return;
    auto waiting = std::move(found->second);
    uploading_.erase(found);
    for (auto& w : waiting) {
      if (failed)
        w.reply(*failed);
      else
        knn(self, space, std::move(w.query), std::move(w.reply), w.retried);
    }
  }

  /// Vectors [first, first + count) of a space's live vectors as one part.
  wire::Envelope upload_part(const storage::VectorSpaceSpec& spec,
                             const storage::VectorIndex::Live& vectors, std::size_t first,
                             std::size_t count, bool more) const;
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
                auto error = runtime::from_caf(failure);
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
  /// Spaces whose upload is under way, with the searches waiting for it.
  std::map<std::string, std::vector<Waiting>> uploading_;
};

}  // namespace ds::actors
