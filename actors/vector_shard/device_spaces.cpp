#include "actors/vector_shard/device_spaces.hpp"

#include "runtime/wire/read.hpp"

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

}  // namespace

wire::Envelope DeviceSpaces::upload_part(const storage::VectorSpaceSpec& spec,
                                         const storage::VectorIndex::Live& vectors,
                                         std::size_t first, std::size_t count, bool more) const {
  return wire::build<schema::BaseUpload>([&](schema::BaseUpload::Builder out) {
    out.setName(base_name(spec.name));
    out.setDim(spec.dim);
    out.setMetric(knn_metric(spec.metric));
    out.setPrecision("fp32");  // the same results as a Flat space's
    out.setAppend(first > 0);
    out.setMore(more);
    auto ids = out.initIds(static_cast<unsigned>(count));
    for (unsigned i = 0; i < count; ++i)
      ids.set(i, vectors.ids[first + i]);
    const std::size_t from = first * spec.dim;
    auto rows = out.initRows(static_cast<unsigned>(count * spec.dim));
    for (unsigned i = 0; i < rows.size(); ++i)
      rows.set(i, vectors.rows[from + i]);
  });
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
