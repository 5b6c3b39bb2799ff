#include "kernels/backend.hpp"

#include <string>
#include <unordered_set>

namespace ds::kernels {

Result<std::size_t> check_knn(const VectorBase& base, std::span<const float> queries,
                              std::size_t k) {
  if (k < 1 || k > kMaxK)
    return make_error(errc::invalid_argument,
                      "k: expected 1.." + std::to_string(kMaxK) + ", got " + std::to_string(k));
  auto dim = base.spec().dim;
  if (queries.size() % dim != 0)
    return make_error(errc::invalid_argument, "queries: " + std::to_string(queries.size()) +
                                                  " values is not a whole number of " +
                                                  std::to_string(dim) + "-dimensional vectors");
  return queries.size() / dim;
}

Result<void> check_upload(const BaseSpec& spec, std::span<const float> rows,
                          std::span<const int64_t> ids) {
  if (spec.dim == 0) return make_error(errc::invalid_argument, "dim: expected at least 1, got 0");
  if (rows.size() != ids.size() * spec.dim)
    return make_error(errc::invalid_argument, "rows: expected " + std::to_string(ids.size()) +
                                                  " x " + std::to_string(spec.dim) +
                                                  " values (one row per id), got " +
                                                  std::to_string(rows.size()));
  std::unordered_set<int64_t> seen;
  seen.reserve(ids.size());
  for (auto id : ids)
    if (!seen.insert(id).second)
      return make_error(errc::invalid_argument,
                        "ids: " + std::to_string(id) + " appears twice; each row needs its own id");
  return {};
}

Result<void> check_update(const VectorBase& base, std::span<const float> rows,
                          std::span<const int64_t> ids) {
  return check_upload(base.spec(), rows, ids);
}

}  // namespace ds::kernels
