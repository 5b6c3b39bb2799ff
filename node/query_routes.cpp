#include "node/query_routes.hpp"

#include "node/gateway_call.hpp"
#include "protocol/codec/update_counts_codec.hpp"
#include "protocol/wire/build.hpp"
#include "runtime/http/json_body.hpp"
#include "schema/query.capnp.h"
#include "schema/text.hpp"

namespace ds::node {
namespace {

/// Longer query texts are refused before anything parses them.
constexpr std::size_t kMaxQueryBytes = 1 << 20;

Result<schema::QueryMode> mode_of(const nlohmann::json& value) {
  auto text = runtime::json_string(value, "mode");
  if (!text) return text.error();
  if (*text == "auto") return schema::QueryMode::AUTO;
  if (*text == "cypher") return schema::QueryMode::CYPHER;
  if (*text == "text") return schema::QueryMode::TEXT;
  return make_error(errc::invalid_argument,
                    "mode: expected auto, cypher or text, got \"" + *text + "\"");
}

Result<schema::Priority> priority_of(const nlohmann::json& value) {
  auto text = runtime::json_string(value, "priority");
  if (!text) return text.error();
  if (*text == "low") return schema::Priority::LOW;
  if (*text == "normal") return schema::Priority::NORMAL;
  if (*text == "high") return schema::Priority::HIGH;
  return make_error(errc::invalid_argument,
                    "priority: expected low, normal or high, got \"" + *text + "\"");
}

struct InferCall {
  wire::Envelope request;
  Millis timeout{0};
  schema::Priority priority = schema::Priority::NORMAL;
};

/// What the route needs of the node's config, copied (the route outlives nothing).
struct Limits {
  uint64_t max_rows = 0;
  Millis rpc_timeout{0};
};

Result<InferCall> infer_request(const nlohmann::json& body, const Limits& limits) {
  if (auto ok = runtime::check_object(
          body, "body", {"query", "mode", "params", "limit", "priority", "timeout_ms"});
      !ok)
    return ok.error();
  if (!body.contains("query")) return make_error(errc::invalid_argument, "query: required");
  auto query = runtime::json_string(body["query"], "query");
  if (!query) return query.error();
  if (query->size() > kMaxQueryBytes)
    return make_error(errc::invalid_argument,
                      "query: longer than " + std::to_string(kMaxQueryBytes) + " bytes");
  auto mode = schema::QueryMode::AUTO;
  if (body.contains("mode")) {
    auto given = mode_of(body["mode"]);
    if (!given) return given.error();
    mode = *given;
  }
  std::string params;
  if (body.contains("params")) {
    if (!body["params"].is_object())
      return make_error(errc::invalid_argument, "params: expected an object of parameter values");
    params = body["params"].dump();
  }
  uint64_t limit = 0;
  if (body.contains("limit")) {
    auto given =
        runtime::json_integer(body["limit"], "limit", 1, static_cast<int64_t>(limits.max_rows));
    if (!given) return given.error();
    limit = static_cast<uint64_t>(*given);
  }
  auto priority = schema::Priority::NORMAL;
  if (body.contains("priority")) {
    auto given = priority_of(body["priority"]);
    if (!given) return given.error();
    priority = *given;
  }
  auto timeout = limits.rpc_timeout;
  if (body.contains("timeout_ms")) {
    auto given = runtime::json_integer(body["timeout_ms"], "timeout_ms", 1, timeout.count());
    if (!given) return given.error();
    timeout = Millis{*given};
  }
  auto request = wire::build<schema::InferRequest>([&](schema::InferRequest::Builder r) {
    set_header(r.initHeader(), timeout);
    r.getHeader().setPriority(priority);
    r.setQuery(*query);
    r.setMode(mode);
    r.setParamsJson(params);
    r.setLimit(limit);
  });
  return InferCall{std::move(request), timeout, priority};
}

runtime::HttpResponse failure_response(schema::QueryFailure::Reader failure) {
  auto category = static_cast<errc>(failure.getCategory());
  // A query outside the subset is the caller's to change, like a syntax
  // error: 400, not 501. Service failures keep their status (504, 503).
  auto status = category == errc::not_supported ? runtime::http::status::bad_request
                                                : runtime::http_status_of(category);
  nlohmann::json error{{"code", schema::to_string(failure.getCode())},
                       {"message", schema::to_string(failure.getMessage())}};
  if (failure.getHasPosition()) {
    error["line"] = failure.getLine();
    error["column"] = failure.getColumn();
    error["excerpt"] = schema::to_string(failure.getExcerpt());
  }
  return runtime::json_response(status, {{"error", std::move(error)}});
}

/// Neo4j's update counters, in `stats`.
void add_update_counts(nlohmann::json& stats, schema::UpdateCounts::Reader in) {
  auto counts = protocol::read_update_counts(in);
  stats["nodes_created"] = counts.nodes_created;
  stats["nodes_deleted"] = counts.nodes_deleted;
  stats["relationships_created"] = counts.relationships_created;
  stats["relationships_deleted"] = counts.relationships_deleted;
  stats["properties_set"] = counts.properties_set;
  stats["labels_added"] = counts.labels_added;
  stats["labels_removed"] = counts.labels_removed;
}

/// The reply as an HTTP response; `mode` gets the mode the query ran in.
Result<runtime::HttpResponse> infer_answer(const wire::Envelope& reply, std::string& mode) {
  return wire::read<schema::InferResponse>(reply, [&](schema::InferResponse::Reader r) {
    mode = r.getMode() == schema::QueryMode::TEXT ? "text" : "cypher";
    if (r.getFailed()) return failure_response(r.getFailure());
    auto columns = nlohmann::json::array();
    for (auto column : r.getColumns())
      columns.push_back(schema::to_string(column));
    auto rows_text = schema::to_string(r.getRowsJson());
    nlohmann::json body{
        {"columns", std::move(columns)},
        {"rows", rows_text.empty() ? nlohmann::json::array() : nlohmann::json::parse(rows_text)},
        {"stats",
         {{"elapsed_ms", static_cast<double>(r.getElapsedMicros()) / 1000.0},
          {"rows", r.getRows()},
          {"shards", r.getShards()},
          {"truncated", r.getTruncated()}}}};
    body["mode"] = r.getMode() == schema::QueryMode::TEXT ? "text" : "cypher";
    body["stats"]["contains_updates"] = r.getWrote();
    if (r.getWrote()) add_update_counts(body["stats"], r.getUpdates());
    if (r.hasPlan() && r.getPlan().size() > 0) body["plan"] = schema::to_string(r.getPlan());
    if (auto answer = schema::to_string(r.getAnswerJson()); !answer.empty())
      body["answer"] = nlohmann::json::parse(answer);
    auto profile = r.getProfile();
    if (profile.size() > 0) {
      auto operators = nlohmann::json::array();
      for (auto op : profile)
        operators.push_back({{"operator", schema::to_string(op.getName())},
                             {"depth", op.getDepth()},
                             {"rows", op.getRows()},
                             {"time_ms", static_cast<double>(op.getMicros()) / 1000.0}});
      body["profile"] = std::move(operators);
    }
    return runtime::json_response(runtime::http::status::ok, body);
  });
}

/// 429: the queue is full for this priority; retrying after a second is
/// what most clients' backoff does first.
runtime::HttpResponse overloaded(schema::Priority priority, unsigned limit) {
  auto response = runtime::error_response(
      runtime::http::status::too_many_requests, "overloaded",
      "the node is answering " + std::to_string(limit) + " queries, the most it admits at " +
          std::string(to_string(priority)) +
          " priority (serving.max_queue); retry later, or with a higher priority");
  response.set(runtime::http::field::retry_after, "1");
  return response;
}

/// Sends an admitted query to the gateway; the ticket is held until the
/// answer, whose latency is observed by the mode it ran in.
void run_admitted(caf::actor_system& system, const Gateway& gateway, runtime::Metrics* metrics,
                  InferCall call, Admission::Ticket ticket, runtime::Responder respond) {
  auto mode = std::make_shared<std::string>("failed");
  auto start = std::chrono::steady_clock::now();
  // The query leaves the queue before its answer goes out, so a client that
  // has its answer sees it gone from the queue depth. One holder for every
  // copy of the responder (the gateway call keeps one per outcome).
  auto held = std::make_shared<Admission::Ticket>(std::move(ticket));
  runtime::Responder observed = [metrics, mode, start, held,
                                 respond = std::move(respond)](runtime::HttpResponse response) {
    if (metrics)
      metrics->observe_infer(
          *mode, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    held->reset();
    respond(std::move(response));
  };
  ask_gateway(
      system, gateway, call.timeout,
      [mode](const wire::Envelope& reply) { return infer_answer(reply, *mode); },
      std::move(observed), infer_atom::value, std::move(call.request));
}

}  // namespace

void add_query_routes(runtime::Router& router, caf::actor_system& system,
                      std::shared_ptr<const CurrentGateway> gateway, const NodeConfig& config,
                      std::shared_ptr<Admission> admission, runtime::Metrics* metrics) {
  Limits limits{config.query.max_rows, config.system.rpc_timeout};
  router.add(runtime::http::verb::post, "/api/v1/infer",
             [&system, gateway, limits, admission, metrics](
                 const runtime::HttpRequest& http_request, const runtime::RouteParams&,
                 runtime::Responder respond) {
               auto body = runtime::parse_json_body(http_request);
               if (!body) return respond(runtime::error_response(body.error()));
               auto call = infer_request(*body, limits);
               if (!call) return respond(runtime::error_response(call.error()));
               auto ticket = admission->admit(call->priority);
               if (!ticket)
                 return respond(overloaded(call->priority, admission->limit(call->priority)));
               run_admitted(system, gateway, metrics, std::move(call).value(), std::move(ticket),
                            std::move(respond));
             });
}

}  // namespace ds::node
