// Coalescing the gateway's reads per graph shard (its ShardCalls send
// lookups and expansions this way). Every concurrent traversal
// costs its shards a message per hop; on a busy gateway many of them are in
// flight at once, and a message per read would cost a shard a thread wake-up
// each. Reads are queued instead, and the first one sends the gateway a
// `flush`: it arrives after the messages already in the mailbox (the other
// clients' requests, the shards' replies that lead to further hops), so by
// then every read they caused is queued too, and each shard gets one
// message. A lone read goes as itself (expand or lookup), a batch as a
// ShardReadBatch whose items fail or succeed independently.

#include <memory>
#include <string>
#include <utility>

#include "actors/gateway/gateway_state.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/error_codec.hpp"

namespace ds::actors {
namespace {

using Reads = std::vector<PendingReads::Read>;

void fail_all(const Reads& reads, const Error& error) {
  for (const auto& read : reads)
    read.done(error);
}

wire::Envelope batch_of(const Reads& reads) {
  return wire::build<schema::ShardReadBatch>([&](schema::ShardReadBatch::Builder batch) {
    auto items = batch.initItems(static_cast<unsigned>(reads.size()));
    for (unsigned i = 0; i < reads.size(); ++i) {
      items[i].setKind(reads[i].kind);
      items[i].setRequest(reads[i].request.words().asBytes());
    }
  });
}

/// Hands each read its item of the shard's ShardReadResults.
void split_results(const Reads& reads, const wire::Envelope& reply, const wire::ReadLimits& limits) {
  std::vector<Result<wire::Envelope>> results;
  auto read = wire::read<schema::ShardReadResults>(
      reply,
      [&](schema::ShardReadResults::Reader batch) -> Result<void> {
        auto items = batch.getItems();
        if (items.size() != reads.size())
          return make_error(errc::malformed_message,
                            "a shard answered " + std::to_string(items.size()) +
                                " results to a batch of " + std::to_string(reads.size()) +
                                " reads");
        for (auto item : items) {
          if (item.isError()) {
            results.push_back(wire::read_error(item.getError()));
          } else {
            auto bytes = item.getResponse();
            results.push_back(wire::Envelope::from_bytes(bytes.begin(), bytes.size()));
          }
        }
        return {};
      },
      limits);
  if (!read) return fail_all(reads, read.error());
  for (std::size_t i = 0; i < reads.size(); ++i)
    reads[i].done(std::move(results[i]));
}

void send_reads(GatewaySelf self, uint32_t shard, Reads reads) {
  const auto& options = self->state.options;
  auto actor = options.shards->actor(shard);
  if (!actor) return fail_all(reads, detail::not_started(shard, "graph shard"));
  auto failed = [reads, shard](caf::error& error) {
    fail_all(reads, detail::shard_error(shard, error));
  };
  if (reads.size() == 1) {
    auto ok = [reads](wire::Envelope& reply) { reads.front().done(std::move(reply)); };
    if (reads.front().kind == schema::ShardRead::EXPAND)
      self->request(actor, options.shard_timeout, expand_atom::value, reads.front().request)
          .then(std::move(ok), std::move(failed));
    else
      self->request(actor, options.shard_timeout, lookup_atom::value, reads.front().request)
          .then(std::move(ok), std::move(failed));
    return;
  }
  auto batch = batch_of(reads);
  self->request(actor, options.shard_timeout, read_batch_atom::value, std::move(batch))
      .then(
          [self, reads](wire::Envelope& reply) {
            split_results(reads, reply, self->state.options.limits);
          },
          std::move(failed));
}

/// Queues a read for the next flush.
void read_shard(GatewaySelf self, uint32_t shard, schema::ShardRead kind, wire::Envelope request,
                ReadDone done) {
  auto& pending = self->state.reads;
  pending.by_shard[shard].push_back({kind, std::move(request), std::move(done)});
  if (pending.flush_sent) return;
  pending.flush_sent = true;
  self->send(self, flush_atom::value);
}

}  // namespace

void flush_shard_reads(GatewaySelf self) {
  auto by_shard = std::exchange(self->state.reads.by_shard, {});
  self->state.reads.flush_sent = false;
  for (auto& [shard, reads] : by_shard)
    send_reads(self, shard, std::move(reads));
}

ShardCalls coalescing_calls(GatewaySelf self) {
  const auto& options = self->state.options;
  auto direct = ShardCalls::from(self, options.shards, options.shard_timeout);
  return ShardCalls(
      options.shards,
      [self, direct](uint32_t shard, ShardOp op, wire::Envelope request, ShardCalls::Reply reply) {
        if (op == ShardOp::lookup)
          return read_shard(self, shard, schema::ShardRead::LOOKUP, std::move(request),
                            std::move(reply));
        if (op == ShardOp::expand)
          return read_shard(self, shard, schema::ShardRead::EXPAND, std::move(request),
                            std::move(reply));
        direct.ask(shard, op, std::move(request), std::move(reply));
      });
}

}  // namespace ds::actors
