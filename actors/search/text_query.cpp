// Full-text search over every shard, BM25 scored so that a document's score
// does not depend on the shard count. Rounds: the query's
// terms (tokenized as documents are); every shard's statistics for them,
// summed; every shard's k best documents scored with the sums (with their
// keys); an exact merge (each shard's top k holds its share of the global
// top k; ties by id, as the shards break them).

#include "actors/search/text_query.hpp"

#include <algorithm>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "protocol/wire/build.hpp"
#include "protocol/wire/deadline.hpp"
#include "protocol/wire/read.hpp"
#include "schema/gateway.capnp.h"
#include "schema/text.hpp"

namespace ds::actors {
namespace {

struct ScoredNode {
  storage::EntityId id;
  std::string key;
  double score;
};

struct TextJob {
  SearchContext context;
  std::function<void(Result<wire::Envelope>)> done;
  int64_t deadline = 0;
  uint32_t k = 0;
  std::vector<std::string> terms;  // distinct, in query order
  storage::TextStats global;
  std::vector<ScoredNode> hits;

  void finish(Result<wire::Envelope> result) { done(std::move(result)); }
};

using TextJobPtr = std::shared_ptr<TextJob>;

/// Reads the request and tokenizes its query; a term repeated counts once.
Result<void> read_query(TextJob& job, const wire::Envelope& request) {
  std::string query;
  auto read = wire::read<schema::TextQuery>(
      request,
      [&](schema::TextQuery::Reader r) -> Result<void> {
        if (auto ok = wire::check_deadline(r.getHeader()); !ok) return ok;
        job.deadline = r.getHeader().getDeadlineUnixMicros();
        job.k = r.getK();
        query = schema::to_string(r.getQuery());
        return {};
      },
      job.context.limits);
  if (!read) return read;
  auto max = job.context.max_k;
  if (job.k < 1 || job.k > max)
    return make_error(errc::invalid_argument, "k: " + std::to_string(job.k) + " is outside 1.." +
                                                  std::to_string(max) +
                                                  " (the node's vectors.max_k)");
  std::unordered_set<std::string> seen;
  for (auto& term : job.context.tokenizer->terms(query))
    if (seen.insert(term).second) job.terms.push_back(std::move(term));
  return {};
}

Result<storage::TextStats> sum_stats(std::size_t terms, const Replies& replies) {
  storage::TextStats global{0, 0, std::vector<uint64_t>(terms, 0)};
  for (const auto& reply : replies) {
    auto read =
        wire::read<schema::TextStats>(reply, [&](schema::TextStats::Reader stats) -> Result<void> {
          auto df = stats.getDf();
          if (df.size() != terms)
            return make_error(errc::malformed_message, "a graph shard answered " +
                                                           std::to_string(df.size()) + " df for " +
                                                           std::to_string(terms) + " terms");
          global.documents += stats.getDocuments();
          global.total_length += stats.getTotalLength();
          for (unsigned t = 0; t < df.size(); ++t)
            global.df[t] += df[t];
          return {};
        });
    if (!read) return read.error();
  }
  return global;
}

Result<void> merge(TextJob& job, const Replies& replies) {
  for (const auto& reply : replies) {
    auto read = wire::read<schema::TextSearchResponse>(reply, [&](auto response) {
      for (auto hit : response.getHits())
        job.hits.push_back({hit.getId(), schema::to_string(hit.getKey()), hit.getScore()});
    });
    if (!read) return read.error();
  }
  std::sort(job.hits.begin(), job.hits.end(), [](const ScoredNode& a, const ScoredNode& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  });
  if (job.hits.size() > job.k) job.hits.resize(job.k);
  return {};
}

wire::Envelope answer(const TextJob& job) {
  return wire::build<schema::TextQueryResponse>([&](schema::TextQueryResponse::Builder out) {
    auto terms = out.initTerms(static_cast<unsigned>(job.terms.size()));
    for (unsigned i = 0; i < job.terms.size(); ++i)
      terms.set(i, job.terms[i]);
    auto hits = out.initHits(static_cast<unsigned>(job.hits.size()));
    for (unsigned i = 0; i < job.hits.size(); ++i) {
      hits[i].setKey(job.hits[i].key);
      hits[i].setScore(job.hits[i].score);
    }
  });
}

void search_shards(const TextJobPtr& job) {
  const auto& options = job->context;
  auto request = wire::build<schema::TextSearchRequest>([&](schema::TextSearchRequest::Builder r) {
    r.initHeader().setDeadlineUnixMicros(job->deadline);
    auto terms = r.initTerms(static_cast<unsigned>(job->terms.size()));
    for (unsigned i = 0; i < job->terms.size(); ++i)
      terms.set(i, job->terms[i]);
    auto global = r.initGlobal();
    global.setDocuments(job->global.documents);
    global.setTotalLength(job->global.total_length);
    auto df = global.initDf(static_cast<unsigned>(job->global.df.size()));
    for (unsigned i = 0; i < job->global.df.size(); ++i)
      df.set(i, job->global.df[i]);
    r.setK(job->k);
    r.setK1(options.bm25.k1);
    r.setB(options.bm25.b);
  });
  auto shards = options.calls.map().all();
  options.calls.scatter(ShardOp::text_search, shards,
                        std::vector<wire::Envelope>(shards.size(), request),
                        [job](Result<Replies> replies) {
                          if (!replies) return job->finish(replies.error());
                          if (auto merged = merge(*job, *replies); !merged)
                            return job->finish(merged.error());
                          job->finish(answer(*job));
                        });
}

}  // namespace

void run_text_query(const SearchContext& context, const wire::Envelope& request,
                    std::function<void(Result<wire::Envelope>)> done) {
  auto job = std::make_shared<TextJob>(TextJob{context, std::move(done)});
  if (!job->context.tokenizer)
    return job->finish(make_error(errc::unavailable,
                                  "full-text search is off on this node "
                                  "(text.properties is empty)"));
  if (auto read = read_query(*job, request); !read) return job->finish(read.error());
  if (job->terms.empty()) return job->finish(answer(*job));  // only stop words, or no words
  fetch_text_stats(job->context.calls, job->terms, job->deadline,
                   [job](Result<storage::TextStats> global) {
                     if (!global) return job->finish(global.error());
                     job->global = std::move(global).value();
                     search_shards(job);
                   });
}

void fetch_text_stats(const ShardCalls& calls, const std::vector<std::string>& terms,
                      int64_t deadline, std::function<void(Result<storage::TextStats>)> done) {
  auto request = wire::build<schema::TextStatsRequest>([&](schema::TextStatsRequest::Builder r) {
    r.initHeader().setDeadlineUnixMicros(deadline);
    auto list = r.initTerms(static_cast<unsigned>(terms.size()));
    for (unsigned i = 0; i < terms.size(); ++i)
      list.set(i, terms[i]);
  });
  auto shards = calls.map().all();
  calls.scatter(ShardOp::text_stats, shards, std::vector<wire::Envelope>(shards.size(), request),
                [count = terms.size(), done = std::move(done)](Result<Replies> replies) {
                  if (!replies) return done(replies.error());
                  done(sum_stats(count, *replies));
                });
}

}  // namespace ds::actors
