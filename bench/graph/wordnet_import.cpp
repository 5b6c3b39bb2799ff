#include "bench/graph/wordnet_import.hpp"

#include <cinttypes>
#include <cstdio>
#include <string>

#include <sys/wait.h>

#include "bench/support/server_process.hpp"
#include "bench/support/timing.hpp"

namespace ds::graph_bench {

Result<ImportFigures> import_wordnet(const std::filesystem::path& cli, uint16_t sdk_port,
                                     const std::filesystem::path& wordnet,
                                     const std::filesystem::path& scratch) {
  auto out = scratch / "cli.out", err = scratch / "cli.err";
  auto start = bench::Clock::now();
  auto pid = bench::spawn({cli.string(), "--port", std::to_string(sdk_port), "import", "--format",
                           "wordnet", wordnet.string()},
                          bench::child_environment({}), out, err);
  if (!pid) return pid.error();
  int status = 0;
  waitpid(*pid, &status, 0);
  ImportFigures figures;
  figures.wall_s = bench::seconds_since(start);
  auto text = bench::read_text(out);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
      std::sscanf(text.c_str(), "imported %" SCNu64 " nodes and %" SCNu64 " edges in %lf s",
                  &figures.nodes, &figures.edges, &figures.cli_s) != 3)
    return make_error(errc::internal, "deepseek-cli import failed (status " +
                                          std::to_string(status) + "):\n" + text +
                                          bench::read_text(err));
  return figures;
}

}  // namespace ds::graph_bench
