// deepseek-cli vectors define NAME --dim D [--metric M] [--index I] [--ef-construction N]
//              vectors spaces
//              vectors search SPACE (--vector 0.1,0.2,... | --text "...") [-k N]
//              vectors import ... (vectors_import.cpp)
// Hits print one per line: key, score (l2 distance, or ip/cosine similarity).

#include <iostream>

#include "runtime/exit_codes.hpp"
#include "tools/cli/commands.hpp"

namespace ds::cli {
namespace {

struct DefineArgs {
  storage::VectorSpaceSpec spec;
  std::string metric = "l2";
  std::string device = "cpu";
  int ef_construction = 0;
};

int define(const sdk::ClientOptions& options, DefineArgs args) {
  auto metric = storage::parse_metric(args.metric);
  if (!metric) return fail(metric.error().message);
  args.spec.metric = *metric;
  auto device = storage::parse_device(args.device);
  if (!device) return fail(device.error().message);
  args.spec.device = *device;
  if (args.ef_construction > 0) args.spec.ef_construction = args.ef_construction;
  auto client = connect(options);
  if (!client) return runtime::kExitFailure;
  auto defined = client->define_space(args.spec).get();
  if (!defined) return fail(defined.error().message);
  std::cout << "space \"" << defined->name << "\": dim " << defined->dim << ", "
            << storage::to_string(defined->metric) << ", " << defined->index << ", on the "
            << storage::to_string(defined->device) << "\n";
  return runtime::kExitOk;
}

int spaces(const sdk::ClientOptions& options) {
  auto client = connect(options);
  if (!client) return runtime::kExitFailure;
  auto listed = client->spaces().get();
  if (!listed) return fail(listed.error().message);
  for (const auto& space : *listed)
    std::cout << space.spec.name << "\tdim " << space.spec.dim << "\t"
              << storage::to_string(space.spec.metric) << "\t" << space.spec.index << "\t"
              << space.vectors << " vectors\n";
  return runtime::kExitOk;
}

struct VectorSearchArgs {
  sdk::VectorSearch query;
  std::string text;
};

int search(const sdk::ClientOptions& options, VectorSearchArgs args) {
  if (args.query.vector.empty() == args.text.empty())
    return fail("give --vector or --text (--text for the space \"text\" only)");
  if (!args.text.empty()) args.query.text = args.text;
  auto client = connect(options);
  if (!client) return runtime::kExitFailure;
  auto hits = client->search(args.query).get();
  if (!hits) return fail(hits.error().message);
  for (const auto& hit : *hits)
    std::cout << hit.key << "\t" << hit.score << "\n";
  return runtime::kExitOk;
}

}  // namespace

Command add_vectors(CLI::App& app, CLI::App*& subcommand) {
  subcommand = app.add_subcommand("vectors", "vector spaces: define, list, import, search");
  subcommand->require_subcommand(1);
  std::vector<std::pair<CLI::App*, Command>> commands;

  auto define_args = std::make_shared<DefineArgs>();
  auto* define_cmd = subcommand->add_subcommand("define", "define a vector space");
  define_cmd->add_option("name", define_args->spec.name, "1-64 of a-z 0-9 _ -")->required();
  define_cmd->add_option("--dim", define_args->spec.dim, "dimension")->required();
  define_cmd->add_option("--metric", define_args->metric, "l2 | ip | cosine")
      ->capture_default_str();
  define_cmd
      ->add_option("--index", define_args->spec.index,
                   "FAISS factory string: Flat, HNSW32, IVF1024,Flat, ...")
      ->capture_default_str();
  define_cmd
      ->add_option("--device", define_args->device,
                   "cpu (FAISS) | gpu (exact kNN on a compute unit; the CPU unit without a GPU)")
      ->capture_default_str();
  define_cmd->add_option("--ef-construction", define_args->ef_construction,
                         "HNSW: candidates while linking (FAISS default 40)");
  commands.emplace_back(define_cmd, [define_args](const sdk::ClientOptions& client) {
    return define(client, *define_args);
  });

  auto* spaces_cmd = subcommand->add_subcommand("spaces", "list the spaces with their sizes");
  commands.emplace_back(spaces_cmd,
                        [](const sdk::ClientOptions& client) { return spaces(client); });

  auto search_args = std::make_shared<VectorSearchArgs>();
  auto* search_cmd =
      subcommand->add_subcommand("search", "the k nearest vectors, one per line: key, score");
  search_cmd->add_option("space", search_args->query.space, "the space's name")->required();
  search_cmd->add_option("--vector", search_args->query.vector, "comma-separated numbers")
      ->delimiter(',');
  search_cmd->add_option("--text", search_args->text,
                         "a text, encoded by the built-in encoder (space \"text\")");
  search_cmd->add_option("-k", search_args->query.k, "how many")->capture_default_str();
  search_cmd->add_option("--ef-search", search_args->query.ef_search, "HNSW: candidates searched");
  search_cmd->add_option("--nprobe", search_args->query.nprobe, "IVF: lists searched");
  commands.emplace_back(search_cmd, [search_args](const sdk::ClientOptions& client) {
    return search(client, *search_args);
  });

  CLI::App* import_cmd = nullptr;
  auto import = add_vectors_import(*subcommand, import_cmd);
  commands.emplace_back(import_cmd, std::move(import));

  return [commands](const sdk::ClientOptions& client) {
    for (const auto& [command, run] : commands)
      if (command->parsed()) return run(client);
    return fail("vectors: which subcommand?");
  };
}

}  // namespace ds::cli
