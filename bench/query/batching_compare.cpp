#include "bench/query/batching_compare.hpp"

#include <cctype>
#include <cstdio>

#include "bench/support/server_process.hpp"

namespace ds::query_bench {
namespace {

namespace fs = std::filesystem;
using bench::ServerProcess;

Result<std::unique_ptr<ServerProcess>> start(const BatchingOptions& options, const fs::path& data,
                                             unsigned max_batch_size) {
  bench::ServerOptions server;
  server.shards = options.shards;
  server.extra_yaml =
      std::string(kBatchingKey) + ": " + std::to_string(max_batch_size) + "\n" + options.extra_yaml;
  auto started = ServerProcess::start(options.server, data, server);
  if (started) return started;
  auto message = started.error().message;  // ends with the server's log
  while (!message.empty() && std::isspace(static_cast<unsigned char>(message.back())))
    message.pop_back();
  if (message.find("unknown key") != std::string::npos)
    return make_error(errc::not_supported, "this deepseek-server does not know " +
                                               std::string(kBatchingKey) +
                                               " yet: it refused the config at start. " + message);
  return make_error(started.error().code,
                    "batching " + std::string(max_batch_size > 1 ? "on" : "off") + ": " + message);
}

}  // namespace

Result<BatchingFigures> compare_batching(const BatchingOptions& options, const BodyMaker& body) {
  auto on_data = options.work_dir / "on" / "data", off_data = options.work_dir / "off" / "data";
  std::error_code ec;
  fs::create_directories(on_data.parent_path(), ec);
  fs::create_directories(off_data.parent_path(), ec);
  if (!ec) fs::rename(options.data_dir, on_data, ec);
  if (!ec) fs::copy(on_data, off_data, fs::copy_options::recursive, ec);
  if (ec)
    return make_error(errc::io_error, "cannot copy the data dir " + options.data_dir.string() +
                                          ": " + ec.message());

  std::fprintf(stderr, "batching: starting the servers (%s 64 and 1)...\n", kBatchingKey);
  auto on = start(options, on_data, 64);
  if (!on) return on.error();
  auto off = start(options, off_data, 1);
  if (!off) return off.error();

  BatchingFigures figures;
  figures.measured = true;
  figures.clients = options.window.clients;
  std::vector<Figures> on_windows, off_windows;
  for (unsigned run = 0; run < options.runs; ++run) {
    for (bool batching : {true, false}) {
      auto window = options.window;
      window.port = (batching ? *on : *off)->http_port();
      window.seed += run;  // both servers get the same requests in a run
      auto measured = run_window(window, body);
      std::fprintf(stderr, "batching %s, window %u: %.1f requests/s, p99 %.1f ms, %llu errors\n",
                   batching ? "on" : "off", run + 1, measured.per_s, measured.p99_ms,
                   static_cast<unsigned long long>(measured.errors));
      (batching ? on_windows : off_windows).push_back(std::move(measured));
    }
  }
  figures.on = median_of(on_windows);
  figures.off = median_of(off_windows);
  for (auto* server : {on->get(), off->get()})
    if (auto stopped = server->stop(); !stopped) return stopped.error();
  return figures;
}

}  // namespace ds::query_bench
