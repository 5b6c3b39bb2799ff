// The Client's queries: the request POST /api/v1/infer sends too
// (node/query_routes.hpp).

#include "protocol/codec/update_counts_codec.hpp"
#include "protocol/wire/build.hpp"
#include "schema/query.capnp.h"
#include "schema/text.hpp"
#include "sdk/client.hpp"
#include "sdk/client_impl.hpp"

namespace ds::sdk {
namespace {

/// "syntax_error: line 1, column 10: expected ...", then the excerpt.
Error failure_of(schema::QueryFailure::Reader failure) {
  std::string message = schema::to_string(failure.getCode()) + ": ";
  if (failure.getHasPosition())
    message += "line " + std::to_string(failure.getLine()) + ", column " +
               std::to_string(failure.getColumn()) + ": ";
  message += schema::to_string(failure.getMessage());
  if (failure.getHasPosition()) message += "\n" + schema::to_string(failure.getExcerpt());
  return make_error(static_cast<errc>(failure.getCategory()), std::move(message));
}

}  // namespace

std::future<Result<QueryAnswer>> Client::query(Query query) {
  auto request = wire::build<schema::InferRequest>([&](schema::InferRequest::Builder r) {
    impl_->set_header(r.initHeader());
    r.setQuery(query.text);
    r.setMode(query.mode == QueryMode::text     ? schema::QueryMode::TEXT
              : query.mode == QueryMode::cypher ? schema::QueryMode::CYPHER
                                                : schema::QueryMode::AUTO);
    r.setParamsJson(query.params_json);
    r.setLimit(query.limit);
  });
  return impl_->call<QueryAnswer>(
      [](const wire::Envelope& reply) {
        return wire::read<schema::InferResponse>(
            reply, [](schema::InferResponse::Reader r) -> Result<QueryAnswer> {
              if (r.getFailed()) return failure_of(r.getFailure());
              QueryAnswer answer;
              for (auto column : r.getColumns())
                answer.columns.push_back(schema::to_string(column));
              auto rows = schema::to_string(r.getRowsJson());
              if (!rows.empty()) {
                answer.rows = nlohmann::json::parse(rows, nullptr, false);
                if (answer.rows.is_discarded())
                  return make_error(errc::malformed_message, "the node's rows are not JSON");
              }
              answer.truncated = r.getTruncated();
              answer.elapsed_ms = static_cast<double>(r.getElapsedMicros()) / 1000.0;
              answer.plan = schema::to_string(r.getPlan());
              answer.mode =
                  r.getMode() == schema::QueryMode::TEXT ? QueryMode::text : QueryMode::cypher;
              answer.contains_updates = r.getWrote();
              if (r.getWrote()) answer.updates = protocol::read_update_counts(r.getUpdates());
              if (auto text = schema::to_string(r.getAnswerJson()); !text.empty()) {
                answer.answer = nlohmann::json::parse(text, nullptr, false);
                if (answer.answer.is_discarded())
                  return make_error(errc::malformed_message, "the node's answer is not JSON");
              }
              return answer;
            });
      },
      infer_atom::value, std::move(request));
}

}  // namespace ds::sdk
