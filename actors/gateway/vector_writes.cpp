// (upsert), (erase): vectors by node key. The whole request is checked
// against the space (dimension, finite numbers, keys) before any shard
// writes, so a rejected request stores nothing; then each shard gets its
// keys in one write, which it acknowledges once its vector shard applied
// them (actors/graph_shard/vector_changes.hpp).

#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "actors/gateway/gateway_state.hpp"
#include "actors/search/vector_spaces.hpp"
#include "common/utf8.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/deadline.hpp"
#include "schema/gateway.capnp.h"
#include "schema/lists.hpp"
#include "schema/text.hpp"

namespace ds::actors {
namespace {

/// A request's part for the shards, copied out of the message.
struct VectorJob {
  int64_t deadline = 0;
  std::string space;
  std::vector<std::string> keys;
  std::vector<float> rows;  // upsert only
};

Result<void> check_keys(const std::vector<std::string>& keys) {
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].empty())
      return make_error(errc::invalid_argument, "keys[" + std::to_string(i) + "]: empty");
    if (auto bad = invalid_utf8_at(keys[i]); bad != std::string_view::npos)
      return make_error(errc::invalid_argument, "keys[" + std::to_string(i) +
                                                    "]: not valid UTF-8 (byte " +
                                                    std::to_string(bad) + ")");
  }
  return {};
}

/// Rows fit the space: keys.size() rows of its dimension, finite numbers.
Result<void> check_rows(const VectorJob& job, const storage::VectorSpaceSpec& spec) {
  if (job.rows.size() != job.keys.size() * spec.dim)
    return make_error(errc::invalid_argument,
                      "rows: " + std::to_string(job.rows.size()) + " numbers for " +
                          std::to_string(job.keys.size()) + " keys; space \"" + spec.name +
                          "\" has dimension " + std::to_string(spec.dim) + ", so " +
                          std::to_string(job.keys.size() * spec.dim) + " were expected");
  for (std::size_t i = 0; i < job.rows.size(); ++i)
    if (!std::isfinite(job.rows[i]))
      return make_error(errc::invalid_argument,
                        "vectors[" + std::to_string(i / spec.dim) + "]: row[" +
                            std::to_string(i % spec.dim) + "] is " +
                            (std::isnan(job.rows[i]) ? "NaN" : "infinite") +
                            "; vectors take finite numbers only");
  return {};
}

template <class Request>
Result<VectorJob> read_job(const wire::Envelope& envelope, const wire::ReadLimits& limits,
                           bool with_rows) {
  return wire::read<Request>(
      envelope,
      [&](typename Request::Reader r) -> Result<VectorJob> {
        if (auto ok = wire::check_deadline(r.getHeader()); !ok) return ok.error();
        VectorJob job;
        job.deadline = r.getHeader().getDeadlineUnixMicros();
        job.space = schema::to_string(r.getSpace());
        for (auto key : r.getKeys())
          job.keys.push_back(schema::to_string(key));
        if constexpr (std::is_same_v<Request, schema::VectorUpsertRequest>)
          if (with_rows) job.rows = schema::to_vector<float>(r.getRows());
        if (auto ok = check_keys(job.keys); !ok) return ok.error();
        return job;
      },
      limits);
}

/// One ShardWrite per shard holding keys: `fill(write, indexes)` adds the
/// job's items at `indexes`.
template <class Fill>
void write_by_shard(GatewaySelf self, const VectorJob& job, Fill fill, Gathered done) {
  const auto& options = self->state.options;
  std::map<uint32_t, std::vector<std::size_t>> by_shard;
  for (std::size_t i = 0; i < job.keys.size(); ++i)
    by_shard[options.shards->shard_of_key(job.keys[i])].push_back(i);
  std::vector<uint32_t> shards;
  std::vector<wire::Envelope> writes;
  for (const auto& [shard, indexes] : by_shard) {
    shards.push_back(shard);
    writes.push_back(wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder w) {
      w.initHeader().setDeadlineUnixMicros(job.deadline);
      fill(w, indexes);
    }));
  }
  shard_calls(self).scatter(ShardOp::write, shards, std::move(writes), std::move(done));
}

wire::Envelope count_reply(uint32_t count) {
  return wire::build<schema::VectorWriteResponse>([&](auto out) { out.setCount(count); });
}

}  // namespace

void upsert_vectors(GatewaySelf self, Promise promise, const wire::Envelope& request) {
  auto read = read_job<schema::VectorUpsertRequest>(request, self->state.options.limits, true);
  if (!read) return deliver(promise, read.error());
  auto job = std::make_shared<VectorJob>(std::move(read).value());
  fetch_spaces(shard_calls(self), [self, promise, job](auto spaces) mutable {
    if (!spaces) return deliver(promise, spaces.error());
    auto spec = find_space(*spaces, job->space);
    if (!spec) return deliver(promise, spec.error());
    if (auto ok = check_rows(*job, *spec); !ok) return deliver(promise, ok.error());
    auto dim = spec->dim;
    write_by_shard(
        self, *job,
        [&](schema::ShardWrite::Builder w, const std::vector<std::size_t>& indexes) {
          auto list = w.initVectors(static_cast<unsigned>(indexes.size()));
          for (unsigned i = 0; i < indexes.size(); ++i) {
            list[i].setSpace(job->space);
            list[i].setKey(job->keys[indexes[i]]);
            auto row = list[i].initRow(dim);
            for (unsigned j = 0; j < dim; ++j)
              row.set(j, job->rows[indexes[i] * dim + j]);
          }
        },
        [promise, job](Result<Replies> replies) mutable {
          if (!replies) return deliver(promise, replies.error());
          deliver(promise, count_reply(static_cast<uint32_t>(job->keys.size())));
        });
  });
}

void delete_vectors(GatewaySelf self, Promise promise, const wire::Envelope& request) {
  auto read = read_job<schema::VectorDeleteRequest>(request, self->state.options.limits, false);
  if (!read) return deliver(promise, read.error());
  auto job = std::make_shared<VectorJob>(std::move(read).value());
  fetch_spaces(shard_calls(self), [self, promise, job](auto spaces) mutable {
    if (!spaces) return deliver(promise, spaces.error());
    if (auto spec = find_space(*spaces, job->space); !spec) return deliver(promise, spec.error());
    write_by_shard(
        self, *job,
        [&](schema::ShardWrite::Builder w, const std::vector<std::size_t>& indexes) {
          auto list = w.initDeleteVectors(static_cast<unsigned>(indexes.size()));
          for (unsigned i = 0; i < indexes.size(); ++i) {
            list[i].setSpace(job->space);
            list[i].setKey(job->keys[indexes[i]]);
          }
        },
        [promise](Result<Replies> replies) mutable {
          if (!replies) return deliver(promise, replies.error());
          uint32_t deleted = 0;
          for (const auto& reply : *replies) {
            auto count = wire::read<schema::ShardWriteResult>(
                reply, [](schema::ShardWriteResult::Reader r) { return r.getDeletedVectors(); });
            if (!count) return deliver(promise, count.error());
            deleted += *count;
          }
          deliver(promise, count_reply(deleted));
        });
  });
}

}  // namespace ds::actors
