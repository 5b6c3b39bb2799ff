// The k nearest vectors of each query over every shard. Rounds:
// the space's spec (to check the queries); with a filter, the filter keys'
// ids at their owners; every vector shard's top k (only the shards that own
// filter ids, with those ids); an exact merge (each shard's top k holds its
// share of the global top k); the winners' keys at their owners. A text
// query (space "text") first becomes a vector: its terms' statistics from
// every graph shard, then the built-in encoder.

#include "actors/search/vector_query.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/search/text_query.hpp"
#include "actors/search/vector_spaces.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/deadline.hpp"
#include "protocol/wire/read.hpp"
#include "schema/gateway.capnp.h"
#include "schema/lists.hpp"
#include "schema/text.hpp"
#include "schema/vector.capnp.h"
#include "storage/text/text_encoder.hpp"

namespace ds::actors {
namespace {

using storage::EntityId;

struct MergedHit {
  EntityId id;
  float score;
};

struct SearchJob {
  SearchContext context;
  std::function<void(Result<wire::Envelope>)> done;
  int64_t deadline = 0;
  schema::Priority priority = schema::Priority::NORMAL;
  std::string space;
  std::vector<float> queries;
  uint32_t k = 0;
  int32_t ef_search = 0, nprobe = 0;
  bool has_filter = false;
  std::vector<std::string> filter_keys;
  std::optional<std::string> text;  // to encode instead of queries

  storage::VectorSpaceSpec spec;
  std::map<uint32_t, std::vector<EntityId>> filter_ids;  // by owning shard
  std::vector<std::vector<MergedHit>> merged;            // per query, best first

  void finish(Result<wire::Envelope> result) { done(std::move(result)); }
};

using SearchJobPtr = std::shared_ptr<SearchJob>;

Result<void> read_query(SearchJob& job, const wire::Envelope& request) {
  return wire::read<schema::VectorQuery>(
      request,
      [&](schema::VectorQuery::Reader r) -> Result<void> {
        if (auto ok = wire::check_deadline(r.getHeader()); !ok) return ok;
        job.deadline = r.getHeader().getDeadlineUnixMicros();
        job.priority = r.getHeader().getPriority();
        job.space = schema::to_string(r.getSpace());
        job.queries = schema::to_vector<float>(r.getQueries());
        job.k = r.getK();
        job.ef_search = r.getEfSearch();
        job.nprobe = r.getNprobe();
        job.has_filter = r.getHasFilter();
        if (r.getHasText()) job.text = schema::to_string(r.getText());
        for (auto key : r.getFilterKeys())
          job.filter_keys.push_back(schema::to_string(key));
        auto max = job.context.max_k;
        if (job.k < 1 || job.k > max)
          return make_error(errc::invalid_argument, "k: " + std::to_string(job.k) +
                                                        " is outside 1.." + std::to_string(max) +
                                                        " (the node's vectors.max_k)");
        if (job.ef_search < 0 || job.nprobe < 0)
          return make_error(errc::invalid_argument,
                            "efSearch and nprobe: 0 (the space's "
                            "default) or more");
        return {};
      },
      job.context.limits);
}

Result<void> check_queries(const SearchJob& job) {
  auto dim = job.spec.dim;
  if (job.queries.empty() || job.queries.size() % dim != 0)
    return make_error(errc::invalid_argument, "vector: " + std::to_string(job.queries.size()) +
                                                  " numbers; space \"" + job.spec.name +
                                                  "\" has dimension " + std::to_string(dim));
  for (std::size_t i = 0; i < job.queries.size(); ++i)
    if (!std::isfinite(job.queries[i]))
      return make_error(errc::invalid_argument,
                        "vector[" + std::to_string(i % dim) + "] is " +
                            (std::isnan(job.queries[i]) ? "NaN" : "infinite") +
                            "; queries take finite numbers only");
  return {};
}

void search_shards(const SearchJobPtr& job);
void resolve_keys(const SearchJobPtr& job);
wire::Envelope answer(const SearchJob& job, const std::unordered_map<EntityId, std::string>& keys);

/// The filter keys' ids, grouped by owner; keys with no node drop out.
void resolve_filter(const SearchJobPtr& job) {
  std::map<uint32_t, std::vector<std::string>> by_shard;
  for (const auto& key : job->filter_keys)
    by_shard[job->context.calls.map().shard_of_key(key)].push_back(key);
  std::vector<uint32_t> shards;
  std::vector<wire::Envelope> lookups;
  for (const auto& [shard, keys] : by_shard) {
    shards.push_back(shard);
    lookups.push_back(wire::build<schema::NodeLookup>([&](schema::NodeLookup::Builder l) {
      auto list = l.initKeys(static_cast<unsigned>(keys.size()));
      for (unsigned i = 0; i < keys.size(); ++i)
        list.set(i, keys[i]);
      l.setKeysOnly(true);
    }));
  }
  job->context.calls.scatter(
      ShardOp::lookup, shards, std::move(lookups), [job, shards](Result<Replies> replies) {
        if (!replies) return job->finish(replies.error());
        for (std::size_t i = 0; i < replies->size(); ++i) {
          auto read = wire::read<schema::NodeList>((*replies)[i], [&](auto list) {
            for (auto node : list.getNodes())
              if (node.getFound()) job->filter_ids[shards[i]].push_back(node.getId());
          });
          if (!read) return job->finish(read.error());
        }
        search_shards(job);
      });
}

wire::Envelope shard_search(const SearchJob& job, const std::vector<EntityId>* filter) {
  return wire::build<schema::VectorSearchRequest>([&](schema::VectorSearchRequest::Builder r) {
    r.initHeader().setDeadlineUnixMicros(job.deadline);
    r.getHeader().setPriority(job.priority);
    r.setSpace(job.space);
    auto queries = r.initQueries(static_cast<unsigned>(job.queries.size()));
    for (unsigned i = 0; i < job.queries.size(); ++i)
      queries.set(i, job.queries[i]);
    r.setK(job.k);
    r.setEfSearch(job.ef_search);
    r.setNprobe(job.nprobe);
    if (!filter) return;
    r.setHasFilter(true);
    auto ids = r.initFilter(static_cast<unsigned>(filter->size()));
    for (unsigned i = 0; i < filter->size(); ++i)
      ids.set(i, (*filter)[i]);
  });
}

/// Keeps the k best of each query's hits from every shard: smaller is better
/// for l2 distances, larger for similarities; ties by id.
Result<void> merge(SearchJob& job, const Replies& replies) {
  auto queries = job.queries.size() / job.spec.dim;
  job.merged.assign(queries, {});
  for (const auto& reply : replies) {
    auto read = wire::read<schema::VectorSearchResponse>(
        reply, [&](schema::VectorSearchResponse::Reader response) -> Result<void> {
          auto results = response.getResults();
          if (results.size() != queries)
            return make_error(errc::malformed_message,
                              "a vector shard answered " + std::to_string(results.size()) +
                                  " results for " + std::to_string(queries) + " queries");
          for (unsigned q = 0; q < queries; ++q)
            for (auto hit : results[q].getHits())
              job.merged[q].push_back({hit.getId(), hit.getScore()});
          return {};
        });
    if (!read) return read;
  }
  bool smaller_first = job.spec.metric == storage::Metric::l2;
  for (auto& hits : job.merged) {
    std::sort(hits.begin(), hits.end(), [&](const MergedHit& a, const MergedHit& b) {
      if (a.score != b.score) return smaller_first ? a.score < b.score : a.score > b.score;
      return a.id < b.id;
    });
    if (hits.size() > job.k) hits.resize(job.k);
  }
  return {};
}

void search_shards(const SearchJobPtr& job) {
  std::vector<uint32_t> shards;
  std::vector<wire::Envelope> requests;
  if (job->has_filter) {
    for (const auto& [shard, ids] : job->filter_ids) {
      shards.push_back(shard);
      requests.push_back(shard_search(*job, &ids));
    }
  } else {
    shards = job->context.calls.map().all();
    for (std::size_t i = 0; i < shards.size(); ++i)
      requests.push_back(shard_search(*job, nullptr));
  }
  job->context.calls.scatter(ShardOp::vector_search, shards, std::move(requests),
                             [job](Result<Replies> replies) {
                               if (!replies) return job->finish(replies.error());
                               if (auto merged = merge(*job, *replies); !merged)
                                 return job->finish(merged.error());
                               resolve_keys(job);
                             });
}

wire::Envelope answer(const SearchJob& job, const std::unordered_map<EntityId, std::string>& keys) {
  return wire::build<schema::VectorQueryResponse>([&](schema::VectorQueryResponse::Builder out) {
    auto results = out.initResults(static_cast<unsigned>(job.merged.size()));
    for (unsigned q = 0; q < job.merged.size(); ++q) {
      std::vector<std::pair<const std::string*, float>> rows;
      for (const auto& hit : job.merged[q])
        if (auto key = keys.find(hit.id); key != keys.end())  // deleted meanwhile: left out
          rows.emplace_back(&key->second, hit.score);
      auto hits = results[q].initHits(static_cast<unsigned>(rows.size()));
      for (unsigned i = 0; i < rows.size(); ++i) {
        hits[i].setKey(*rows[i].first);
        hits[i].setScore(rows[i].second);
      }
    }
  });
}

/// The winners' keys, at their owners.
void resolve_keys(const SearchJobPtr& job) {
  std::map<uint32_t, std::vector<EntityId>> by_shard;
  for (const auto& hits : job->merged)
    for (const auto& hit : hits)
      by_shard[job->context.calls.map().shard_of_id(hit.id)].push_back(hit.id);
  std::vector<uint32_t> shards;
  std::vector<wire::Envelope> lookups;
  for (auto& [shard, ids] : by_shard) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    shards.push_back(shard);
    lookups.push_back(wire::build<schema::NodeLookup>([&](schema::NodeLookup::Builder l) {
      auto list = l.initIds(static_cast<unsigned>(ids.size()));
      for (unsigned i = 0; i < ids.size(); ++i)
        list.set(i, ids[i]);
      l.setKeysOnly(true);
    }));
  }
  job->context.calls.scatter(ShardOp::lookup, shards, std::move(lookups),
                             [job](Result<Replies> replies) {
                               if (!replies) return job->finish(replies.error());
                               std::unordered_map<EntityId, std::string> keys;
                               for (const auto& reply : *replies) {
                                 auto read = wire::read<schema::NodeList>(reply, [&](auto list) {
                                   for (auto node : list.getNodes())
                                     if (node.getFound())
                                       keys.emplace(node.getId(), schema::to_string(node.getKey()));
                                 });
                                 if (!read) return job->finish(read.error());
                               }
                               job->finish(answer(*job, keys));
                             });
}

void search_with_queries(const SearchJobPtr& job) {
  if (auto ok = check_queries(*job); !ok) return job->finish(ok.error());
  if (job->has_filter) return resolve_filter(job);
  search_shards(job);
}

/// The text's vector by the built-in encoder, weighted with the full-text
/// index's statistics (as the space's vectors were); a text with no terms
/// finds nothing.
void encode_text(const SearchJobPtr& job) {
  const auto& tokenizer = job->context.tokenizer;
  if (job->space != storage::kTextSpaceName)
    return job->finish(make_error(errc::invalid_argument,
                                  "text: only the space \"" + std::string(storage::kTextSpaceName) +
                                      "\" holds the built-in encoder's vectors; send \"vector\" "
                                      "for space \"" +
                                      job->space + "\""));
  if (!tokenizer)
    return job->finish(make_error(errc::unavailable,
                                  "text queries need full-text search, which "
                                  "is off on this node (text.properties is empty)"));
  auto terms = tokenizer->terms(*job->text);
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  if (terms.empty()) {
    job->merged.assign(1, {});
    return job->finish(answer(*job, {}));
  }
  fetch_text_stats(
      job->context.calls, terms, job->deadline, [job, terms](Result<storage::TextStats> global) {
        if (!global) return job->finish(global.error());
        std::unordered_map<std::string, uint64_t> df;
        for (std::size_t i = 0; i < terms.size(); ++i)
          df.emplace(terms[i], global->df[i]);
        storage::TextEncoder encoder(*job->context.tokenizer, {job->spec.dim});
        job->queries = encoder.encode(*job->text, [&](const std::string& term) {
          auto found = df.find(term);
          return storage::smooth_idf(global->documents, found == df.end() ? 0 : found->second);
        });
        search_with_queries(job);
      });
}

}  // namespace

void run_vector_query(const SearchContext& context, const wire::Envelope& request,
                      std::function<void(Result<wire::Envelope>)> done) {
  auto job = std::make_shared<SearchJob>(SearchJob{context, std::move(done)});
  if (auto read = read_query(*job, request); !read) return job->finish(read.error());
  fetch_spaces(context.calls, [job](Result<std::vector<storage::VectorSpaceSpec>> spaces) {
    if (!spaces) return job->finish(spaces.error());
    auto spec = find_space(*spaces, job->space);
    if (!spec) return job->finish(spec.error());
    job->spec = std::move(spec).value();
    if (job->text) return encode_text(job);
    search_with_queries(job);
  });
}

}  // namespace ds::actors
