#pragma once

// A compute unit's uploads in parts (schema/compute.capnp, BaseUpload):
// the parts of each base name staged in host memory until the last one,
// checked for order and for agreeing on the base's shape.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "kernels/backend.hpp"
#include "schema/compute.capnp.h"

namespace ds::actors {

/// A whole base, ready for Backend::upload.
struct StagedBase {
  kernels::BaseSpec spec;
  std::vector<float> rows;
  std::vector<int64_t> ids;
};

class StagedUploads {
 public:
  /// Adds one part: the whole base once the last part is in (or a single
  /// part was the whole), nothing while more follow, or why the part was
  /// refused (the staging of that name is then dropped).
  Result<std::optional<StagedBase>> add(schema::BaseUpload::Reader part);

  /// Vectors staged under `name` so far.
  std::size_t staged(const std::string& name) const;

  /// Forgets what was staged under `name` (its base was dropped).
  void drop(const std::string& name) { staging_.erase(name); }

 private:
  std::map<std::string, StagedBase> staging_;
};

}  // namespace ds::actors
