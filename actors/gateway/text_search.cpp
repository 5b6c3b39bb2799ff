// (textSearch): full-text search over every shard, BM25 scored so that a
// document's score does not depend on the shard count. Rounds: the query's
// terms (tokenized as documents are); every shard's statistics for them,
// summed; every shard's k best documents scored with the sums (with their
// keys); an exact merge (each shard's top k holds its share of the global
// top k; ties by id, as the shards break them).

#include <algorithm>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "actors/gateway/gateway_state.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/deadline.hpp"
#include "schema/gateway.capnp.h"
#include "schema/text.hpp"

namespace ds::actors {
namespace {

struct Hit {
  storage::EntityId id;
  std::string key;
  double score;
};

struct TextJob {
  GatewaySelf self;
  Promise promise;
  int64_t deadline = 0;
  uint32_t k = 0;
  std::vector<std::string> terms;  // distinct, in query order
  storage::TextStats global;
  std::vector<Hit> hits;

  const GatewayOptions& options() const { return self->state.options; }
  void finish(Result<wire::Envelope> result) { deliver(promise, std::move(result)); }
};

using Job = std::shared_ptr<TextJob>;

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
      job.options().limits);
  if (!read) return read;
  auto max = job.options().max_k;
  if (job.k < 1 || job.k > max)
    return make_error(errc::invalid_argument, "k: " + std::to_string(job.k) + " is outside 1.." +
                                                  std::to_string(max) +
                                                  " (the node's vectors.max_k)");
  std::unordered_set<std::string> seen;
  for (auto& term : job.options().tokenizer->terms(query))
    if (seen.insert(term).second) job.terms.push_back(std::move(term));
  return {};
}

Result<storage::TextStats> sum_stats(std::size_t terms, const Replies& replies) {
  storage::TextStats global{0, 0, std::vector<uint64_t>(terms, 0)};
  for (const auto& reply : replies) {
    auto read = wire::read<schema::TextStats>(reply, [&](schema::TextStats::Reader stats) -> Result<void> {
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
  std::sort(job.hits.begin(), job.hits.end(), [](const Hit& a, const Hit& b) {
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

void search_shards(const Job& job) {
  const auto& options = job->options();
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
  scatter(
      *options.shards, options.shards->all(),
      [&](const protocol::graph_shard_actor& shard, std::size_t) {
        return job->self->request(shard, options.shard_timeout, text_search_atom::value, request);
      },
      [job](Result<Replies> replies) {
        if (!replies) return job->finish(replies.error());
        if (auto merged = merge(*job, *replies); !merged) return job->finish(merged.error());
        job->finish(answer(*job));
      });
}

}  // namespace

void search_text(GatewaySelf self, Promise promise, const wire::Envelope& request) {
  auto job = std::make_shared<TextJob>();
  job->self = self;
  job->promise = std::move(promise);
  if (!job->options().tokenizer)
    return job->finish(make_error(errc::unavailable, "full-text search is off on this node "
                                                     "(text.properties is empty)"));
  if (auto read = read_query(*job, request); !read) return job->finish(read.error());
  if (job->terms.empty()) return job->finish(answer(*job));  // only stop words, or no words
  fetch_text_stats(self, job->terms, job->deadline, [job](Result<storage::TextStats> global) {
    if (!global) return job->finish(global.error());
    job->global = std::move(global).value();
    search_shards(job);
  });
}

void fetch_text_stats(GatewaySelf self, const std::vector<std::string>& terms, int64_t deadline,
                      StatsDone done) {
  const auto& options = self->state.options;
  auto request = wire::build<schema::TextStatsRequest>([&](schema::TextStatsRequest::Builder r) {
    r.initHeader().setDeadlineUnixMicros(deadline);
    auto list = r.initTerms(static_cast<unsigned>(terms.size()));
    for (unsigned i = 0; i < terms.size(); ++i)
      list.set(i, terms[i]);
  });
  scatter(
      *options.shards, options.shards->all(),
      [&](const protocol::graph_shard_actor& shard, std::size_t) {
        return self->request(shard, options.shard_timeout, text_stats_atom::value, request);
      },
      [count = terms.size(), done = std::move(done)](Result<Replies> replies) {
        if (!replies) return done(replies.error());
        done(sum_stats(count, *replies));
      });
}

}  // namespace ds::actors
