// deepseek-cli vectors import SPACE FILE [--key-prefix P] [--batch N] [--in-flight N] [--no-check]
// Streams a .fvecs, .npy or JSONL file into an existing vector space: a first
// pass checks every row (dimension, finite numbers) before anything is sent,
// then batches go with at most --in-flight unacknowledged. Progress on
// stderr (a bar on a terminal, a line every few seconds otherwise); counts at
// the end on stdout.

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <iomanip>
#include <iostream>
#include <mutex>
#include <sstream>

#include "runtime/exit_codes.hpp"
#include "storage/import/vector_file.hpp"
#include "tools/cli/commands.hpp"

namespace ds::cli {
namespace {

using Clock = std::chrono::steady_clock;

struct VectorImportArgs {
  std::string space;
  std::filesystem::path path;
  std::string key_prefix;
  std::size_t batch = 1000;
  unsigned in_flight = 4;
  bool no_check = false;
};

/// Reads the file to its end without sending anything: a bad row anywhere
/// fails the import before the store changes.
Result<uint64_t> check_file(const VectorImportArgs& args) {
  auto file = storage::VectorFile::open(args.path, args.key_prefix);
  if (!file) return file.error();
  uint64_t rows = 0;
  while (true) {
    auto batch = (*file)->next(args.batch);
    if (!batch) return batch.error();
    if (batch->keys.empty()) return rows;
    rows += batch->keys.size();
  }
}

/// Upserts with at most `limit` batches unacknowledged; remembers the first error.
class InFlight {
 public:
  explicit InFlight(unsigned limit) : limit_(limit) {}

  /// Waits for a free slot; false once a batch failed.
  bool acquire() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return pending_ < limit_ || error_; });
    if (error_) return false;
    ++pending_;
    return true;
  }
  void release(Result<uint32_t> result) {
    std::lock_guard lock(mutex_);
    --pending_;
    if (result)
      acknowledged_ += *result;
    else if (!error_)
      error_ = result.error();
    changed_.notify_all();
  }
  /// Waits for every batch; the first error, if any.
  Result<void> drain() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return pending_ == 0; });
    if (error_) return *error_;
    return {};
  }
  uint64_t acknowledged() {
    std::lock_guard lock(mutex_);
    return acknowledged_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  unsigned limit_;
  unsigned pending_ = 0;
  uint64_t acknowledged_ = 0;
  std::optional<Error> error_;
};

std::string progress_text(const storage::VectorFile& file, uint64_t rows, double seconds) {
  double fraction = file.bytes_total() ? double(file.bytes_done()) / double(file.bytes_total()) : 1;
  std::ostringstream out;
  out << std::fixed << std::setprecision(0) << 100 * fraction << "% " << rows << " vectors "
      << rows / std::max(seconds, 1e-9) << " vectors/s";
  if (fraction > 0.01 && fraction < 1) out << " ETA " << seconds * (1 - fraction) / fraction << "s";
  return out.str();
}

int import_vectors(const sdk::ClientOptions& options, const VectorImportArgs& args) {
  auto file = storage::VectorFile::open(args.path, args.key_prefix);
  if (!file) return fail(file.error().message + "\nnothing was imported");
  auto client = connect(options);
  if (!client) return runtime::kExitFailure;
  auto spaces = client->spaces().get();
  if (!spaces) return fail(spaces.error().message);
  auto space = std::find_if(spaces->begin(), spaces->end(),
                            [&](const sdk::SpaceInfo& s) { return s.spec.name == args.space; });
  if (space == spaces->end())
    return fail("no vector space \"" + args.space + "\"; define it first (deepseek-cli vectors "
                "define " + args.space + " --dim " + std::to_string((*file)->dim()) + ")");
  if (space->spec.dim != (*file)->dim())
    return fail(args.path.string() + " has dimension " + std::to_string((*file)->dim()) +
                "; space \"" + args.space + "\" has " + std::to_string(space->spec.dim) +
                "\nnothing was imported");
  bool tty = isatty(STDERR_FILENO);
  if (!args.no_check) {
    if (tty) std::cerr << "checking " << args.path.string() << "..." << std::flush;
    auto checked = check_file(args);
    if (tty) std::cerr << "\r\x1b[K";
    if (!checked) return fail(checked.error().message + "\nnothing was imported");
  }
  InFlight in_flight(args.in_flight);
  auto start = Clock::now(), reported = start;
  auto report_every = std::chrono::milliseconds(tty ? 250 : 5000);
  uint64_t sent = 0;
  while (in_flight.acquire()) {
    auto batch = (*file)->next(args.batch);
    if (!batch || batch->keys.empty()) {
      in_flight.release(batch ? Result<uint32_t>(0u) : Result<uint32_t>(batch.error()));
      break;
    }
    sent += batch->keys.size();
    client->upsert_vectors(args.space, std::move(batch->keys), std::move(batch->rows),
                           [&in_flight](Result<uint32_t> done) { in_flight.release(std::move(done)); });
    if (auto now = Clock::now(); now - reported >= report_every) {
      reported = now;
      auto text = progress_text(**file, in_flight.acknowledged(),
                                std::chrono::duration<double>(now - start).count());
      if (tty)
        std::cerr << "\r" << text << "\x1b[K" << std::flush;
      else
        std::cerr << "vectors import: " << text << std::endl;
    }
  }
  auto drained = in_flight.drain();
  if (tty) std::cerr << "\r\x1b[K";
  if (!drained)
    return fail("import stopped: " + drained.error().message + "\n" +
                std::to_string(in_flight.acknowledged()) +
                " vectors acknowledged before it stay; importing again is harmless (every "
                "write is an upsert)");
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::cout << std::fixed << std::setprecision(2) << "imported " << in_flight.acknowledged()
            << " vectors into \"" << args.space << "\" in " << seconds << " s ("
            << std::setprecision(0) << in_flight.acknowledged() / std::max(seconds, 1e-9)
            << " vectors/s)\n";
  return runtime::kExitOk;
}

}  // namespace

Command add_vectors_import(CLI::App& vectors, CLI::App*& subcommand) {
  auto args = std::make_shared<VectorImportArgs>();
  subcommand = vectors.add_subcommand("import", "stream a vector file into an existing space");
  subcommand->add_option("space", args->space, "the space's name")->required();
  subcommand->add_option("file", args->path,
                         std::string("vectors: ") + storage::vector_file_extensions() +
                             " (.fvecs/.npy: float32 rows; .jsonl: {\"key\", \"vector\"} lines)")
      ->required();
  subcommand->add_option("--key-prefix", args->key_prefix,
                         ".fvecs/.npy rows have no keys: row i gets key PREFIX + i");
  subcommand->add_option("--batch", args->batch, "vectors per request")
      ->check(CLI::Range(1, 1 << 20))
      ->capture_default_str();
  subcommand->add_option("--in-flight", args->in_flight, "unacknowledged batches at most")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  subcommand->add_flag("--no-check", args->no_check,
                       "skip the first pass that finds bad rows before anything is sent");
  return [args](const sdk::ClientOptions& client) { return import_vectors(client, *args); };
}

}  // namespace ds::cli
