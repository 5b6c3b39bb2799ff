#include "bench/graph/actor_passes.hpp"

#include <atomic>
#include <memory>
#include <thread>

#include <caf/scoped_actor.hpp>

#include "bench/support/timing.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/read.hpp"
#include "schema/gateway.capnp.h"

namespace ds::graph_bench {
namespace {

/// The number of rows of one expansion through the in-process gateway, asked from `self`.
Result<int64_t> expand(const bench::InProcessGraph& graph, caf::scoped_actor& self,
                       const std::string& key, const Case& c) {
  auto request = wire::build<schema::NeighboursRequest>([&](auto r) {
    r.setKey(key);
    auto types = r.initTypes(static_cast<unsigned>(c.types.size()));
    for (unsigned i = 0; i < c.types.size(); ++i)
      types.set(i, c.types[i]);
    r.setDirection(schema::Direction::OUT);
    r.setHops(c.hops);
  });
  auto reply = graph.ask(self, neighbours_atom::value, std::move(request));
  if (!reply) return reply.error();
  return wire::read<schema::NeighboursResponse>(
      *reply, [](auto response) { return static_cast<int64_t>(response.getNeighbours().size()); });
}

}  // namespace

Pass sdk_pass(sdk::Client& client, const std::vector<std::string>& keys, const Case& c,
              unsigned in_flight) {
  auto ask = [&](unsigned, const std::string& key) -> Result<int64_t> {
    auto rows = client.neighbours({key, c.types, storage::Direction::out, c.hops}).get();
    if (!rows) return rows.error();
    return static_cast<int64_t>(rows->size());
  };
  return bench::threaded_pass(keys, in_flight, int64_t{-1}, ask);
}

Pass in_process_pass(bench::InProcessGraph& graph, const std::vector<std::string>& keys,
                     const Case& c, unsigned in_flight) {
  std::vector<std::unique_ptr<caf::scoped_actor>> selves;
  for (unsigned t = 0; t < in_flight; ++t)
    selves.push_back(std::make_unique<caf::scoped_actor>(graph.system()));
  auto ask = [&](unsigned t, const std::string& key) { return expand(graph, *selves[t], key, c); };
  return bench::threaded_pass(keys, in_flight, int64_t{-1}, ask);
}

Pass ping_pass(sdk::Client& client, std::size_t count, unsigned in_flight) {
  Pass pass;
  std::atomic<std::size_t> next{0};
  std::atomic<uint64_t> failures{0};
  auto start = bench::Clock::now();
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < in_flight; ++t)
    threads.emplace_back([&] {
      while (next++ < count)
        if (!client.ping("").get()) ++failures;
    });
  for (auto& thread : threads)
    thread.join();
  pass.seconds = bench::seconds_since(start);
  pass.failures = failures;
  return pass;
}

}  // namespace ds::graph_bench
