#include "actors/vector_shard/device_spaces.hpp"

#include "protocol/wire/read.hpp"

namespace ds::actors {
namespace {

schema::KnnMetric knn_metric(storage::Metric metric) {
  switch (metric) {
    case storage::Metric::ip:
      return schema::KnnMetric::IP;
    case storage::Metric::cosine:
      return schema::KnnMetric::COSINE;
    default:
      return schema::KnnMetric::L2;
  }
}

/// Vectors [first, first + count) into a BaseUpload's or BaseUpdate's ids
/// and rows.
template <class Builder>
void set_vectors(Builder out, const storage::VectorIndex::Live& vectors, std::size_t first,
                 std::size_t count, uint32_t dim) {
  auto ids = out.initIds(static_cast<unsigned>(count));
  for (unsigned r = 0; r < count; ++r)
    ids.set(r, vectors.ids[first + r]);
  const std::size_t from = first * dim;
  auto values = out.initRows(static_cast<unsigned>(count * dim));
  for (unsigned v = 0; v < values.size(); ++v)
    values.set(v, vectors.rows[from + v]);
}

/// How many parts of at most `per_part` vectors `n` take (one, if none).
std::size_t parts_for(std::size_t n, std::size_t per_part) {
  return std::max<std::size_t>(1, (n + per_part - 1) / per_part);
}

}  // namespace

Result<std::shared_ptr<const DeviceSpaces::Parts>> DeviceSpaces::upload_parts(
    const storage::VectorIndex& index) const {
  auto live = index.live_vectors();
  if (!live) return live.error();
  auto vectors = std::make_shared<const storage::VectorIndex::Live>(std::move(*live));
  const auto spec = index.spec();
  const std::size_t per_part = std::max<std::size_t>(1, part_floats_ / spec.dim);
  const std::size_t n = vectors->ids.size();
  auto parts = std::make_shared<Parts>();
  parts->count = parts_for(n, per_part);
  parts->make = [this, spec, vectors, per_part, count = parts->count](std::size_t i) {
    const std::size_t first = i * per_part, rows = std::min(per_part, vectors->ids.size() - first);
    return wire::build<schema::BaseUpload>([&](schema::BaseUpload::Builder out) {
      out.setName(base_name(spec.name));
      out.setDim(spec.dim);
      out.setMetric(knn_metric(spec.metric));
      out.setPrecision("fp32");  // the same results as a Flat space's
      out.setAppend(i > 0);
      out.setMore(i + 1 < count);
      set_vectors(out, *vectors, first, rows, spec.dim);
    });
  };
  return std::shared_ptr<const Parts>(std::move(parts));
}

Result<std::shared_ptr<const DeviceSpaces::Parts>> DeviceSpaces::update_parts(
    const storage::VectorIndex& index, const std::unordered_set<storage::EntityId>& touched) const {
  const std::vector<storage::EntityId> asked(touched.begin(), touched.end());
  auto present = index.vectors_of(asked);
  if (!present) return present.error();
  const std::unordered_set<storage::EntityId> kept(present->ids.begin(), present->ids.end());
  auto removed = std::make_shared<std::vector<storage::EntityId>>();
  for (auto id : asked)
    if (kept.count(id) == 0) removed->push_back(id);
  auto vectors = std::make_shared<const storage::VectorIndex::Live>(std::move(*present));
  const auto spec = index.spec();
  const std::size_t per_part = std::max<std::size_t>(1, part_floats_ / spec.dim);
  auto parts = std::make_shared<Parts>();
  parts->count = parts_for(vectors->ids.size(), per_part);
  parts->make = [this, spec, vectors, removed, per_part](std::size_t i) {
    const std::size_t first = i * per_part;
    const std::size_t rows =
        std::min(per_part, vectors->ids.size() - std::min(first, vectors->ids.size()));
    return wire::build<schema::BaseUpdate>([&](schema::BaseUpdate::Builder out) {
      out.setName(base_name(spec.name));
      if (i == 0) {  // the removals ride with the first part
        auto gone = out.initRemoveIds(static_cast<unsigned>(removed->size()));
        for (unsigned r = 0; r < gone.size(); ++r)
          gone.set(r, (*removed)[r]);
      }
      set_vectors(out, *vectors, first, rows, spec.dim);
    });
  };
  return std::shared_ptr<const Parts>(std::move(parts));
}

wire::Envelope DeviceSpaces::knn_request(const std::string& space, const DeviceQuery& query) const {
  return wire::build<schema::KnnRequest>([&](schema::KnnRequest::Builder out) {
    out.getHeader().setPriority(query.priority);
    out.setBase(base_name(space));
    auto queries = out.initQueries(static_cast<unsigned>(query.queries.size()));
    for (unsigned i = 0; i < queries.size(); ++i)
      queries.set(i, query.queries[i]);
    out.setK(query.k);
    if (query.filter) {
      out.setHasFilter(true);
      auto filter = out.initFilter(static_cast<unsigned>(query.filter->size()));
      for (unsigned i = 0; i < filter.size(); ++i)
        filter.set(i, (*query.filter)[i]);
    }
  });
}

wire::Envelope DeviceSpaces::drop_request(const std::string& space) const {
  return wire::build<schema::BaseDrop>(
      [&](schema::BaseDrop::Builder out) { out.setName(base_name(space)); });
}

Result<Hits> DeviceSpaces::hits_of(const wire::Envelope& reply, storage::Metric metric) {
  return wire::read<schema::KnnResponse>(reply, [&](schema::KnnResponse::Reader r) {
    Hits out(r.getQueries());
    auto ids = r.getIds();
    auto scores = r.getScores();
    auto found = r.getFound();
    const auto k = r.getK();
    for (unsigned i = 0; i < ids.size() && k > 0; ++i) {
      if (!found[i]) continue;
      float score = scores[i];
      if (metric == storage::Metric::l2) score = std::sqrt(score);
      out[i / k].push_back({ids[i], score});
    }
    return out;
  });
}

}  // namespace ds::actors
