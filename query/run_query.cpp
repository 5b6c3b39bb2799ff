#include "query/run_query.hpp"

namespace ds::query {

void run_query(std::string_view text, Parameters parameters, GraphSource& source,
               const QueryOptions& options, std::function<void(QueryResult<QueryResponse>)> done) {
  auto parsed = parse(text, options.parse);
  if (!parsed) return done(std::move(parsed).error());
  auto planned = plan_query(parsed.value(), options.plan);
  if (!planned) return done(std::move(planned).error());
  QueryResponse response;
  response.mode = parsed->mode;
  if (response.mode != ast::QueryMode::run) response.plan = explain(planned.value());
  if (response.mode == ast::QueryMode::explain) {
    response.output.columns = planned->columns;
    return done(std::move(response));
  }
  auto exec = options.exec;
  exec.profile = response.mode == ast::QueryMode::profile;
  // The operators copy what they need from the plan when execute() builds
  // them: the plan may go before the query ends.
  execute(planned.value(), source, std::move(parameters), exec, options.max_rows,
          [response = std::move(response),
           done = std::move(done)](QueryResult<QueryOutput> output) mutable {
            if (!output) return done(std::move(output).error());
            response.output = std::move(output).value();
            done(std::move(response));
          });
}

}  // namespace ds::query
