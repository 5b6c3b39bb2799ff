#include "actors/graph_shard/text_reads.hpp"

#include <string>
#include <utility>
#include <vector>

#include "protocol/wire/build.hpp"
#include "protocol/wire/deadline.hpp"
#include "schema/lists.hpp"
#include "schema/text.hpp"

namespace ds::actors {
namespace {

std::vector<std::string> terms_of(capnp::List<capnp::Text>::Reader list) {
  std::vector<std::string> terms;
  for (auto term : list)
    terms.push_back(schema::to_string(term));
  return terms;
}

}  // namespace

Result<wire::Envelope> text_stats(const storage::GraphStore& store,
                                  schema::TextStatsRequest::Reader request) {
  if (auto r = wire::check_deadline(request.getHeader()); !r) return r.error();
  auto stats = store.text_stats(terms_of(request.getTerms()));
  if (!stats) return stats.error();
  return wire::build<schema::TextStats>([&](schema::TextStats::Builder out) {
    out.setDocuments(stats->documents);
    out.setTotalLength(stats->total_length);
    auto df = out.initDf(static_cast<unsigned>(stats->df.size()));
    for (unsigned i = 0; i < stats->df.size(); ++i)
      df.set(i, stats->df[i]);
  });
}

Result<wire::Envelope> text_search(const storage::GraphStore& store,
                                   schema::TextSearchRequest::Reader request) {
  if (auto r = wire::check_deadline(request.getHeader()); !r) return r.error();
  auto global = request.getGlobal();
  storage::TextStats stats{global.getDocuments(), global.getTotalLength(),
                           schema::to_vector<uint64_t>(global.getDf())};
  storage::Bm25Params params{request.getK1(), request.getB()};
  auto hits = store.search_text(terms_of(request.getTerms()), stats, request.getK(), params);
  if (!hits) return hits.error();
  std::vector<std::pair<storage::TextHit, std::string>> found;
  for (const auto& hit : *hits) {
    auto key = store.key_of(hit.id);
    if (!key) return key.error();
    if (*key) found.emplace_back(hit, std::move(**key));
  }
  return wire::build<schema::TextSearchResponse>([&](schema::TextSearchResponse::Builder out) {
    auto list = out.initHits(static_cast<unsigned>(found.size()));
    for (unsigned i = 0; i < found.size(); ++i) {
      list[i].setId(found[i].first.id);
      list[i].setKey(found[i].second);
      list[i].setScore(found[i].first.score);
    }
  });
}

}  // namespace ds::actors
