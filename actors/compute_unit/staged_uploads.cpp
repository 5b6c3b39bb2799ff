#include "actors/compute_unit/staged_uploads.hpp"

#include "schema/text.hpp"

namespace ds::actors {
namespace {

kernels::Metric metric_of(schema::KnnMetric metric) {
  switch (metric) {
    case schema::KnnMetric::IP:
      return kernels::Metric::ip;
    case schema::KnnMetric::COSINE:
      return kernels::Metric::cosine;
    default:
      return kernels::Metric::l2;
  }
}

Result<kernels::BaseSpec> spec_of(schema::BaseUpload::Reader part) {
  auto precision = kernels::parse_precision(schema::to_string(part.getPrecision()));
  if (!precision) return precision.error();
  return kernels::BaseSpec{part.getDim(), metric_of(part.getMetric()), *precision};
}

bool same_shape(const kernels::BaseSpec& a, const kernels::BaseSpec& b) {
  return a.dim == b.dim && a.metric == b.metric && a.precision == b.precision;
}

/// Appends the part's ids and rows (the backend checks rows = ids x dim).
void append(StagedBase& into, schema::BaseUpload::Reader part) {
  auto ids = part.getIds();
  auto rows = part.getRows();  // each get charges the traversal limit: once
  into.ids.reserve(into.ids.size() + ids.size());
  for (auto id : ids)
    into.ids.push_back(static_cast<int64_t>(id));
  into.rows.reserve(into.rows.size() + rows.size());
  for (auto value : rows)
    into.rows.push_back(value);
}

}  // namespace

Result<std::optional<StagedBase>> StagedUploads::add(schema::BaseUpload::Reader part) {
  const auto name = schema::to_string(part.getName());
  auto spec = spec_of(part);
  if (!spec) {
    staging_.erase(name);
    return spec.error();
  }
  if (!part.getAppend()) {
    staging_[name] = StagedBase{*spec, {}, {}};
  } else {
    auto found = staging_.find(name);
    if (found == staging_.end())
      return make_error(errc::invalid_argument,
                        "upload of \"" + name +
                            "\": a part with append set, but no upload in progress under "
                            "that name; the first part has append = false");
    if (!same_shape(found->second.spec, *spec)) {
      staging_.erase(found);
      return make_error(errc::invalid_argument,
                        "upload of \"" + name +
                            "\": a part's dim, metric or precision differs from the first "
                            "part's; the upload was abandoned, start it again");
    }
  }
  auto& staged = staging_.at(name);
  append(staged, part);
  if (part.getMore()) return std::optional<StagedBase>{};
  auto whole = std::move(staged);
  staging_.erase(name);
  return std::optional<StagedBase>(std::move(whole));
}

std::size_t StagedUploads::staged(const std::string& name) const {
  auto found = staging_.find(name);
  return found == staging_.end() ? 0 : found->second.ids.size();
}

}  // namespace ds::actors
