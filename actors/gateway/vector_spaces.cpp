// (define), (spaces), (drop): vector spaces. A space's record lives in every
// shard's store (each shard's vectors need its dimension and metric), so a
// definition or a drop is a write to every shard, and a listing asks one
// graph shard for the specs and every vector shard for its counts.

#include "actors/search/vector_spaces.hpp"

#include <map>
#include <string>

#include "actors/gateway/gateway_state.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/deadline.hpp"
#include "schema/gateway.capnp.h"
#include "schema/text.hpp"
#include "schema/vector.capnp.h"
#include "storage/graph/graph_records.hpp"
#include "storage/vector/vector_index.hpp"

namespace ds::actors {
namespace {

/// Sends `write` to every graph shard; `done` once all committed.
void write_everywhere(GatewaySelf self, wire::Envelope write, Gathered done) {
  auto calls = shard_calls(self);
  auto shards = calls.map().all();
  calls.scatter(ShardOp::write, shards, std::vector<wire::Envelope>(shards.size(), write),
                std::move(done));
}

}  // namespace

void define_space(GatewaySelf self, Promise promise, const wire::Envelope& request) {
  auto spec = wire::read<schema::SpaceDefineRequest>(
      request,
      [](schema::SpaceDefineRequest::Reader r) -> Result<storage::VectorSpaceSpec> {
        if (auto ok = wire::check_deadline(r.getHeader()); !ok) return ok.error();
        auto spec = storage::read_space(r.getSpace());
        if (!spec) return make_error(errc::invalid_argument, "metric: " + spec.error().message);
        if (auto ok = storage::VectorIndex::check(*spec); !ok) return ok.error();
        return spec;
      },
      self->state.options.limits);
  if (!spec) return deliver(promise, spec.error());
  auto write = wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder w) {
    storage::write_space(w.initDefineSpaces(1)[0], *spec);
  });
  write_everywhere(self, std::move(write),
                   [promise, spec = *spec](Result<Replies> replies) mutable {
                     if (!replies) return deliver(promise, replies.error());
                     deliver(promise, wire::build<schema::VectorSpaceRecord>(
                                          [&](auto out) { storage::write_space(out, spec); }));
                   });
}

void drop_space(GatewaySelf self, Promise promise, const wire::Envelope& request) {
  auto name = wire::read<schema::SpaceDropRequest>(
      request,
      [](schema::SpaceDropRequest::Reader r) -> Result<std::string> {
        if (auto ok = wire::check_deadline(r.getHeader()); !ok) return ok.error();
        return schema::to_string(r.getName());
      },
      self->state.options.limits);
  if (!name) return deliver(promise, name.error());
  auto write = wire::build<schema::ShardWrite>(
      [&](schema::ShardWrite::Builder w) { w.initDropSpaces(1).set(0, *name); });
  write_everywhere(self, std::move(write), [promise](Result<Replies> replies) mutable {
    if (!replies) return deliver(promise, replies.error());
    deliver(promise, wire::build<schema::VectorWriteResponse>([](auto out) { out.setCount(1); }));
  });
}

void list_spaces(GatewaySelf self, Promise promise) {
  fetch_spaces(shard_calls(self), [self, promise](Result<std::vector<storage::VectorSpaceSpec>>
                                                      spaces) mutable {
    if (!spaces) return deliver(promise, spaces.error());
    auto calls = shard_calls(self);
    auto shards = calls.map().all();
    calls.scatter(
        ShardOp::vector_stats, shards, std::vector<wire::Envelope>(shards.size()),
        [promise, spaces = std::move(spaces).value()](Result<Replies> replies) mutable {
          if (!replies) return deliver(promise, replies.error());
          std::map<std::string, uint64_t> counts;
          for (const auto& reply : *replies) {
            auto read = wire::read<schema::VectorShardStats>(reply, [&](auto stats) {
              for (auto space : stats.getPerSpace())
                counts[schema::to_string(space.getName())] += space.getVectors();
            });
            if (!read) return deliver(promise, read.error());
          }
          deliver(promise, wire::build<schema::SpaceList>([&](schema::SpaceList::Builder out) {
            auto list = out.initSpaces(static_cast<unsigned>(spaces.size()));
            for (unsigned i = 0; i < spaces.size(); ++i) {
              storage::write_space(list[i].initSpec(), spaces[i]);
              list[i].setVectors(counts[spaces[i].name]);
            }
          }));
        });
  });
}

}  // namespace ds::actors
