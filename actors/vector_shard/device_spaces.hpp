#pragma once

// The vector shard's `device: gpu` spaces: their index (Flat) keeps the
// vectors and the snapshots as every space's does, and a compute unit keeps
// a copy as a base ("<space>/<shard>") on its device, where the searches
// run (exact kNN). The copy is uploaded before the first search after a
// change; a unit that restarted (and so lost its bases) answers not_found,
// and the search uploads again and retries once. docs/compute.md.

#include <cmath>
#include <functional>
#include <map>
#include <memory>
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

  DeviceSpaces(uint32_t shard, std::shared_ptr<const ComputeUnits> units, FindIndex find)
      : shard_(shard), units_(std::move(units)), find_(std::move(find)) {}

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
    auto index = find_(space);
    if (!index) return reply(index.error());
    auto version = current_version(space);
    if (uploaded_.count(space) == 0 || uploaded_[space] != version) {
      auto upload = upload_request(**index);
      if (!upload) return reply(upload.error());
      self->request(unit, caf::infinite, upload_atom::value, *upload)
          .then(
              [this, self, space, query, reply, retried, version](const wire::Envelope&) mutable {
                uploaded_[space] = version;
                knn(self, space, std::move(query), std::move(reply), retried);
              },
              [reply](const caf::error& error) { reply(runtime::from_caf(error)); });
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

  Result<wire::Envelope> upload_request(const storage::VectorIndex& index) const;
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
};

}  // namespace ds::actors
