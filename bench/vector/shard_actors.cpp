#include "bench/vector/shard_actors.hpp"

#include <deque>
#include <thread>

#include "protocol/caf_error.hpp"
#include "protocol/wire/read.hpp"

namespace ds::vector_bench {

void complete(InFlight& batch, const Case& c, const ShardStores& stores, const Dataset& data,
              Answers& answers, Sample& sample, std::mutex& sample_mutex) {
  std::vector<std::vector<Scored>> merged(c.batch);
  for (auto& reply : batch.replies) {
    Result<void> read;
    reply.receive(
        [&](const ds::wire::Envelope& envelope) {
          read = ds::wire::read<ds::schema::VectorSearchResponse>(envelope, [&](auto response) {
            auto results = response.getResults();
            for (unsigned q = 0; q < results.size() && q < c.batch; ++q)
              for (auto hit : results[q].getHits())
                merged[q].push_back({hit.getScore(), static_cast<int64_t>(hit.getId())});
          });
        },
        [&](caf::error& error) { read = ds::protocol::from_caf(error); });
    if (!read) {
      std::lock_guard lock(sample_mutex);
      if (sample.failures++ == 0) sample.first_error = read.error().message;
    }
  }
  for (std::size_t j = 0; j < c.batch; ++j) {
    keep_best(merged[j]);
    if (auto* slot = answers.claim((batch.first + j) % data.query_count())) {
      for (std::size_t i = 0; i < merged[j].size(); ++i)
        slot[i] = stores.number_of(static_cast<EntityId>(merged[j][i].id));
    }
  }
}

Sample actor_sample(ShardActors& actors, const ShardStores& stores, const std::string& space,
                    const Dataset& data, const Case& c, const Run& run, std::size_t cursor,
                    Answers& answers) {
  BatchSource source(cursor, c.batch, run.min_seconds);
  auto window = std::max<std::size_t>(1, run.in_flight / (c.batch * run.threads));
  Sample sample;
  std::mutex sample_mutex;  // its failures
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < run.threads; ++t)
    threads.emplace_back([&] {
      caf::scoped_actor self{actors.system()};
      std::deque<InFlight> pending;
      std::vector<float> block;
      for (;;) {
        auto first = source.take();
        if (first) {
          gather(data, *first, c.batch, block);
          auto request = ShardActors::search_request(
              space, block, c.kind == Kind::hnsw ? c.param : 0, c.kind == Kind::ivf ? c.param : 0);
          InFlight batch{*first, {}};
          for (const auto& shard : actors.shards())
            batch.replies.push_back(
                self->request(shard, caf::infinite, ds::search_atom::value, request));
          pending.push_back(std::move(batch));
        }
        if (pending.empty()) break;
        if (!first || pending.size() >= window) {
          complete(pending.front(), c, stores, data, answers, sample, sample_mutex);
          pending.pop_front();
        }
      }
    });
  for (auto& thread : threads)
    thread.join();
  sample.answered = source.answered();
  sample.seconds = source.seconds();
  return sample;
}

}  // namespace ds::vector_bench
