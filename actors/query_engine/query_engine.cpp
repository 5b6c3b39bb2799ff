#include "actors/query_engine/query_engine.hpp"

#include <chrono>

#include <nlohmann/json.hpp>

#include "actors/query_engine/engine_state.hpp"
#include "actors/query_engine/shard_source.hpp"
#include "protocol/caf_error.hpp"
#include "protocol/codec/update_counts_codec.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/deadline.hpp"
#include "query/json_values.hpp"
#include "query/query_language.hpp"
#include "query/text/answer_output.hpp"
#include "query/text/question.hpp"
#include "schema/query.capnp.h"
#include "schema/text.hpp"

namespace ds::actors {
namespace {

/// What an InferRequest asks, read out of the message.
struct Infer {
  std::string query;
  schema::QueryMode mode = schema::QueryMode::AUTO;
  std::string params;
  uint64_t limit = 0;
  QueryScope scope;  ///< deadline and priority
};

Result<Infer> read_infer(const wire::Envelope& request, const wire::ReadLimits& limits) {
  return wire::read<schema::InferRequest>(
      request,
      [](schema::InferRequest::Reader r) -> Result<Infer> {
        if (auto ok = wire::check_deadline(r.getHeader()); !ok) return ok.error();
        return Infer{
            schema::to_string(r.getQuery()), r.getMode(), schema::to_string(r.getParamsJson()),
            r.getLimit(),
            QueryScope{r.getHeader().getDeadlineUnixMicros(), r.getHeader().getPriority()}};
      },
      limits);
}

query::QueryResult<query::Parameters> read_parameters(const std::string& text) {
  query::Parameters parameters;
  if (text.empty()) return parameters;
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object())
    return query::QueryError{query::QueryErrc::parameter_error,
                             "params: expected a JSON object of parameter values", std::nullopt};
  for (const auto& [name, value] : json.items()) {
    auto datum = query::datum_from_json(value, name);
    if (!datum) return std::move(datum).error();
    parameters[name] = std::move(datum).value();
  }
  return parameters;
}

void write_failure(schema::QueryFailure::Builder out, const query::QueryError& error,
                   std::string_view text) {
  out.setCode(std::string(query::to_string(error.code)));
  out.setCategory(static_cast<schema::ErrorCode>(query::category(error)));
  out.setMessage(error.message);
  out.setHasPosition(error.pos.has_value());
  if (!error.pos) return;
  out.setLine(error.pos->line);
  out.setColumn(error.pos->column);
  out.setOffset(error.pos->offset);
  out.setExcerpt(query::excerpt(text, *error.pos));
}

using Clock = std::chrono::steady_clock;

/// Hands a query's answer (or the request's error) back; called once.
using Deliver = std::function<void(Result<wire::Envelope>)>;

/// Entities a question answers with when the request names no limit.
constexpr uint64_t kDefaultAnswers = 10;

uint64_t micros_since(Clock::time_point start) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count());
}

wire::Envelope failure(const query::QueryError& error, const std::string& text,
                       Clock::time_point start, schema::QueryMode mode) {
  return wire::build<schema::InferResponse>([&](schema::InferResponse::Builder out) {
    out.setFailed(true);
    write_failure(out.initFailure(), error, text);
    out.setElapsedMicros(micros_since(start));
    out.setMode(mode);
  });
}

/// A text-mode answer's object, beside the rows (query/text/answer_output.hpp).
struct TextExtras {
  std::string answer_json;
};

wire::Envelope answer(query::QueryResponse response, std::size_t max_rows, uint32_t shards,
                      Clock::time_point start, const TextExtras* text = nullptr) {
  auto& output = response.output;
  bool truncated = output.rows.size() > max_rows;
  if (truncated) output.rows.resize(max_rows);
  auto rows = nlohmann::json::array();
  for (const auto& row : output.rows) {
    auto cells = nlohmann::json::array();
    for (const auto& value : row)
      cells.push_back(query::datum_to_json(value));
    rows.push_back(std::move(cells));
  }
  return wire::build<schema::InferResponse>([&](schema::InferResponse::Builder out) {
    auto columns = out.initColumns(static_cast<unsigned>(output.columns.size()));
    for (unsigned i = 0; i < output.columns.size(); ++i)
      columns.set(i, output.columns[i]);
    out.setRowsJson(rows.dump());
    out.setRows(output.rows.size());
    out.setTruncated(truncated);
    out.setShards(shards);
    out.setPlan(response.plan);
    auto profile = out.initProfile(static_cast<unsigned>(output.profile.size()));
    for (unsigned i = 0; i < output.profile.size(); ++i) {
      profile[i].setName(output.profile[i].name);
      profile[i].setDepth(static_cast<uint32_t>(output.profile[i].depth));
      profile[i].setRows(output.profile[i].rows);
      profile[i].setMicros(static_cast<uint64_t>(
          std::chrono::duration_cast<std::chrono::microseconds>(output.profile[i].time).count()));
    }
    out.setMode(text ? schema::QueryMode::TEXT : schema::QueryMode::CYPHER);
    if (text) out.setAnswerJson(text->answer_json);
    out.setWrote(output.wrote);
    if (output.wrote) protocol::write_update_counts(out.initUpdates(), output.writes);
    out.setElapsedMicros(micros_since(start));
  });
}

/// What every query needs besides its text: a source over the shards that
/// lives as long as the query (the reply callback holds it).
std::shared_ptr<ShardSource> shard_source(EngineSelf self, const Infer& call) {
  return std::make_shared<ShardSource>(self, call.scope);
}

void ask_question(EngineSelf self, const Infer& call, Clock::time_point start, Deliver deliver) {
  const auto& options = self->state.options;
  auto mode = schema::QueryMode::TEXT;
  if (!options.node_text)
    return deliver(
        failure(query::service_failure(make_error(errc::unavailable,
                                                  "text mode needs full-text search, which is off "
                                                  "on this node (text.properties is empty)")),
                call.query, start, mode));
  // A question answers with a short list unless the request asks for more.
  auto limit = std::min<uint64_t>(call.limit == 0 ? kDefaultAnswers : call.limit, options.max_rows);
  auto source = shard_source(self, call);
  auto shards = static_cast<uint32_t>(options.shards->size());
  query::text::answer_question(
      call.query, limit, options.question, options.node_text, *source,
      [deliver, source, text = call.query, limit, shards, start,
       mode](query::QueryResult<query::text::TextAnswer> result) mutable {
        if (!result) {
          deliver(failure(result.error(), text, start, mode));
          return;
        }
        query::QueryResponse response;
        response.output = query::text::answer_rows(*result);
        TextExtras extras{query::text::answer_json(*result).dump()};
        deliver(answer(std::move(response), limit, shards, start, &extras));
      });
}

void run_cypher(EngineSelf self, const Infer& call, Clock::time_point start, Deliver deliver) {
  const auto& options = self->state.options;
  auto mode = schema::QueryMode::CYPHER;
  auto parameters = read_parameters(call.params);
  if (!parameters) return deliver(failure(parameters.error(), call.query, start, mode));
  auto max_rows = call.limit == 0 ? options.max_rows : std::min(call.limit, options.max_rows);
  auto query_options = options.query;
  query_options.max_rows = max_rows + 1;  // one more tells whether the limit cut the result
  if (auto deadline = call.scope.deadline_unix_micros; deadline > 0)
    query_options.exec.deadline =
        Clock::now() + std::chrono::microseconds(deadline - wire::now_unix_micros());
  auto source = shard_source(self, call);
  auto shards = static_cast<uint32_t>(options.shards->size());
  query::run_query(call.query, std::move(parameters).value(), *source, query_options,
                   [deliver, source, text = call.query, max_rows, shards, start,
                    mode](query::QueryResult<query::QueryResponse> result) mutable {
                     if (!result)
                       deliver(failure(result.error(), text, start, mode));
                     else
                       deliver(answer(std::move(result).value(), max_rows, shards, start));
                   });
}

void infer(EngineSelf self, const wire::Envelope& request, Deliver deliver) {
  auto start = Clock::now();
  const auto& options = self->state.options;
  auto call = read_infer(request, options.limits);
  if (!call) return deliver(call.error());
  if (!options.shards)
    return deliver(make_error(errc::unavailable, "this node serves no graph shards"));
  bool text =
      call->mode == schema::QueryMode::TEXT ||
      (call->mode == schema::QueryMode::AUTO &&
       query::detect_language(call->query, options.query.parse) == query::QueryLanguage::text);
  if (text)
    ask_question(self, *call, start, std::move(deliver));
  else
    run_cypher(self, *call, start, std::move(deliver));
}

/// One query's actor: runs the query it is sent, answers, and quits. An
/// actor per query lets queries use every scheduler thread, so a short or
/// urgent query never waits behind another one's work.
protocol::query_engine_actor::behavior_type query_run(EngineSelf self, QueryEngineOptions options) {
  self->state.options = std::move(options);
  return {
      [self](infer_atom, const wire::Envelope& request) -> caf::result<wire::Envelope> {
        auto promise = self->make_response_promise<wire::Envelope>();
        infer(self, request, [self, promise](Result<wire::Envelope> reply) mutable {
          if (reply)
            promise.deliver(std::move(reply).value());
          else
            promise.deliver(protocol::to_caf(reply.error()));
          self->quit();
        });
        return promise;
      },
  };
}

/// The engine hands each query to an actor of its own.
protocol::query_engine_actor::behavior_type query_engine(EngineSelf self,
                                                         QueryEngineOptions options) {
  self->state.options = std::move(options);
  return {
      [self](infer_atom, const wire::Envelope& request) {
        auto run = self->spawn(query_run, self->state.options);
        return self->delegate(run, infer_atom::value, request);
      },
  };
}

}  // namespace

protocol::query_engine_actor spawn_query_engine(caf::actor_system& system,
                                                QueryEngineOptions options) {
  return system.spawn(query_engine, std::move(options));
}

}  // namespace ds::actors
