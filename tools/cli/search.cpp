// deepseek-cli search "QUERY" [-k N]: full-text search (BM25) over the nodes'
// text properties. Hits one per line on stdout: key, score; the terms the
// query was searched as on stderr.

#include <iostream>

#include "runtime/exit_codes.hpp"
#include "tools/cli/commands.hpp"

namespace ds::cli {
namespace {

struct TextSearchArgs {
  std::string query;
  uint32_t k = 10;
};

int search_text(const sdk::ClientOptions& options, const TextSearchArgs& args) {
  auto client = connect(options);
  if (!client) return runtime::kExitFailure;
  auto found = client->search_text(args.query, args.k).get();
  if (!found) return fail(found.error().message);
  std::cerr << "searched as:";
  for (const auto& term : found->terms)
    std::cerr << " " << term;
  std::cerr << (found->terms.empty() ? " (no terms: only stop words or no words)\n" : "\n");
  for (const auto& hit : found->hits)
    std::cout << hit.key << "\t" << hit.score << "\n";
  return runtime::kExitOk;
}

}  // namespace

Command add_search(CLI::App& app, CLI::App*& subcommand) {
  auto args = std::make_shared<TextSearchArgs>();
  subcommand = app.add_subcommand("search", "full-text search: best matches first, key and score");
  subcommand->add_option("query", args->query, "words to search for")->required();
  subcommand->add_option("-k", args->k, "how many")->capture_default_str();
  return [args](const sdk::ClientOptions& client) { return search_text(client, *args); };
}

}  // namespace ds::cli
