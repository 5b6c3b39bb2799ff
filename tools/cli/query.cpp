// deepseek-cli query "CYPHER or a question" [--param name=value]... [--limit N]
// [--mode auto|cypher|text] [--json]: runs a query (or answers a question)
// and prints its rows as a table on stdout (or JSON with --json: a question
// adds its "answer"), the row count and time on stderr. A parameter's value is JSON
// when it parses as JSON (--param n=3, --param names='["a","b"]'), else a
// string (--param name=dog.n.01).

#include <iostream>

#include <nlohmann/json.hpp>

#include "runtime/exit_codes.hpp"
#include "sdk/result_table.hpp"
#include "tools/cli/commands.hpp"

namespace ds::cli {
namespace {

struct QueryArgs {
  std::string text;
  std::vector<std::string> params;
  uint64_t limit = 0;
  std::string mode = "auto";
  bool json = false;
};

sdk::QueryMode mode_of(const std::string& mode) {
  if (mode == "text") return sdk::QueryMode::text;
  if (mode == "cypher") return sdk::QueryMode::cypher;
  return sdk::QueryMode::automatic;
}

Result<std::string> params_json(const std::vector<std::string>& params) {
  auto object = nlohmann::json::object();
  for (const auto& param : params) {
    auto eq = param.find('=');
    if (eq == std::string::npos || eq == 0)
      return make_error(errc::invalid_argument,
                        "--param " + param + ": expected name=value (like --param n=3)");
    auto value = param.substr(eq + 1);
    auto parsed = nlohmann::json::parse(value, nullptr, false);
    object[param.substr(0, eq)] = parsed.is_discarded() ? nlohmann::json(value) : parsed;
  }
  return params.empty() ? std::string() : object.dump();
}

int run_query(const sdk::ClientOptions& options, const QueryArgs& args) {
  auto params = params_json(args.params);
  if (!params) return fail(params.error().message);
  auto client = connect(options);
  if (!client) return runtime::kExitFailure;
  auto answer = client->query(sdk::Query{args.text, *params, args.limit, mode_of(args.mode)}).get();
  if (!answer) return fail(answer.error().message);
  if (args.json) {
    nlohmann::json out{{"columns", answer->columns}, {"rows", answer->rows}};
    if (!answer->answer.is_null()) out["answer"] = answer->answer;
    std::cout << out.dump() << "\n";
  } else if (!answer->plan.empty() && answer->rows.empty()) {
    std::cout << answer->plan;
  } else {
    std::cout << sdk::format_table(answer->columns, answer->rows);
    if (!answer->plan.empty()) std::cout << "\n" << answer->plan;
  }
  std::cerr << answer->rows.size() << (answer->rows.size() == 1 ? " row" : " rows")
            << (answer->truncated ? " (cut at the limit)" : "") << " in " << answer->elapsed_ms
            << " ms\n";
  if (answer->contains_updates) std::cerr << sdk::format_updates(answer->updates) << "\n";
  return runtime::kExitOk;
}

}  // namespace

Command add_query(CLI::App& app, CLI::App*& subcommand) {
  auto args = std::make_shared<QueryArgs>();
  subcommand = app.add_subcommand(
      "query", "run a Cypher query, or answer a question, and print the rows as a table");
  subcommand->add_option("query", args->text, "the query, e.g. \"MATCH (n) RETURN n LIMIT 5\"")
      ->required();
  subcommand->add_option("--param", args->params, "a parameter: name=value (JSON, else a string)");
  subcommand->add_option("--limit", args->limit, "rows at most (0: the node's maximum)");
  subcommand->add_option("--mode", args->mode, "auto (Cypher if it parses), cypher or text")
      ->check(CLI::IsMember({"auto", "cypher", "text"}));
  subcommand->add_flag("--json", args->json, "print {\"columns\", \"rows\"} as JSON");
  return [args](const sdk::ClientOptions& client) { return run_query(client, *args); };
}

}  // namespace ds::cli
