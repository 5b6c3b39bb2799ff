// deepseek-cli import --format wordnet|... [--skip-bad] [--batch N] PATH...
// Streams the input to the node with back-pressure (sdk/importer.hpp). On a
// terminal a progress bar (items/s, ETA) redraws in place on stderr;
// otherwise a plain line every few seconds. Counts at the end on stdout.

#include <unistd.h>

#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "runtime/exit_codes.hpp"
#include "storage/import/import_formats.hpp"
#include "tools/cli/commands.hpp"

namespace ds::cli {
namespace {

struct ImportArgs {
  std::string format;
  std::vector<std::filesystem::path> paths;
  sdk::ImportOptions options;
  bool no_check = false;
};

std::string progress_text(const sdk::ImportTotals& t) {
  double seconds = std::max(t.elapsed.count(), 1e-9);
  double fraction = t.read.bytes_total ? double(t.read.bytes_done) / t.read.bytes_total : 0;
  std::ostringstream out;
  out << std::fixed << std::setprecision(0) << 100 * fraction << "% " << t.nodes << " nodes "
      << t.edges << " edges " << (t.nodes + t.edges) / seconds << " items/s";
  if (fraction > 0.01 && fraction < 1) out << " ETA " << seconds * (1 - fraction) / fraction << "s";
  if (t.bad_lines) out << " (" << t.bad_lines << " bad lines skipped)";
  return out.str();
}

std::string bar(const sdk::ImportTotals& t) {
  constexpr int kWidth = 30;
  double fraction = t.read.bytes_total ? double(t.read.bytes_done) / t.read.bytes_total : 0;
  int done = static_cast<int>(fraction * kWidth);
  return "[" + std::string(done, '#') + std::string(kWidth - done, '.') + "] ";
}

int import(const sdk::ClientOptions& client_options, ImportArgs args) {
  auto source = storage::open_import_source(args.format, args.paths);
  if (!source) return fail(source.error().message + "\nnothing was imported");
  auto client = connect(client_options);
  if (!client) return runtime::kExitFailure;
  bool tty = isatty(STDERR_FILENO);
  // A first pass that writes nothing: a bad line anywhere leaves the store
  // as it was. Pointless when bad lines are skipped anyway.
  if (!args.options.skip_bad && !args.no_check) {
    if (tty) std::cerr << "checking the input..." << std::flush;
    auto checked = storage::check_import_source(args.format, args.paths);
    if (tty) std::cerr << "\r\x1b[K";
    if (!checked)
      return fail(checked.error().message +
                  (checked.error().code == errc::invalid_argument
                       ? "\nnothing was imported (fix the line, or pass --skip-bad to import the "
                         "rest)"
                       : ""));
  }
  args.options.report_every = std::chrono::milliseconds(tty ? 250 : 5000);
  sdk::ImportCallbacks callbacks;
  callbacks.on_progress = [tty](const sdk::ImportTotals& t) {
    if (tty)
      std::cerr << "\r" << bar(t) << progress_text(t) << "\x1b[K" << std::flush;
    else
      std::cerr << "import: " << progress_text(t) << std::endl;
  };
  callbacks.on_bad_line = [tty](const Error& error) {
    std::cerr << (tty ? "\r\x1b[K" : "") << "skipped: " << error.message << std::endl;
  };
  auto totals = sdk::run_import(**source, client->batch_sender(), args.options, callbacks);
  if (tty) std::cerr << "\n";
  if (!totals)
    return fail("import stopped: " + totals.error().message +
                "\nbatches acknowledged before it stay; importing again is harmless "
                "(every write is an upsert)");
  double seconds = std::max(totals->elapsed.count(), 1e-9);
  std::cout << std::fixed << std::setprecision(2) << "imported " << totals->nodes << " nodes and "
            << totals->edges << " edges in " << seconds << " s (" << std::setprecision(0)
            << totals->nodes / seconds << " nodes/s, " << totals->edges / seconds
            << " edges/s); " << totals->bad_lines << " bad lines skipped\n";
  if (auto graph = client->stats().get())
    std::cout << "the graph now holds " << graph->nodes << " nodes and " << graph->edges
              << " edges\n";
  return runtime::kExitOk;
}

}  // namespace

Command add_import(CLI::App& app, CLI::App*& subcommand) {
  auto args = std::make_shared<ImportArgs>();
  subcommand = app.add_subcommand("import", "stream a graph file (or WordNet) into the node");
  std::vector<std::string> formats;
  for (auto name : storage::import_format_names())
    formats.emplace_back(name);
  subcommand->add_option("--format", args->format, "input format")
      ->required()
      ->check(CLI::IsMember(formats));
  subcommand->add_option("paths", args->paths,
                         "input files: ntriples, tsv: one or more; csv: node and edge files "
                         "(Neo4j-admin headers); wordnet: the database directory (default "
                         "/usr/share/wordnet)");
  subcommand->add_flag("--skip-bad", args->options.skip_bad,
                       "report and skip bad lines instead of stopping at the first");
  subcommand->add_flag("--no-check", args->no_check,
                       "skip the first pass that finds bad lines before anything is written "
                       "(then a bad line stops the import after the batches before it)");
  subcommand->add_option("--batch", args->options.batch_items, "items per batch")
      ->check(CLI::Range(1, 1 << 20))
      ->capture_default_str();
  subcommand->add_option("--in-flight", args->options.in_flight, "unacknowledged batches at most")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  return [args](const sdk::ClientOptions& client) { return import(client, *args); };
}

}  // namespace ds::cli
