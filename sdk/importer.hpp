#pragma once

// Streams an ImportSource into a node, batch by batch, with back-pressure:
// at most `in_flight` batches are unacknowledged at any time, so memory stays
// bounded whatever the input's size. The same loop serves deepseek-cli import
// (batches go over the network) and the server's demo import (batches go to
// the in-process gateway).

#include <chrono>
#include <cstdint>
#include <functional>

#include "common/result.hpp"
#include "storage/import/import_source.hpp"

namespace ds::sdk {

struct ImportOptions {
  std::size_t batch_items = 4096;  ///< nodes + edges per batch
  unsigned in_flight = 4;          ///< unacknowledged batches at most
  bool skip_bad = false;           ///< count bad lines and go on instead of stopping
  /// A batch answered unavailable or timeout (a shard restarting, a node
  /// restarting) is sent again this many times, `retry_delay` apart.
  unsigned retries = 20;
  std::chrono::milliseconds retry_delay{250};
  std::chrono::milliseconds report_every{1000};  ///< how often `on_progress` runs
};

struct ImportTotals {
  uint64_t nodes = 0;  ///< acknowledged node upserts
  uint64_t edges = 0;  ///< acknowledged edges
  uint64_t batches = 0;
  uint64_t bad_lines = 0;
  storage::ImportProgress read;  ///< how far into the input
  std::chrono::duration<double> elapsed{0};
};

/// Sends one batch; calls `done` exactly once, on any thread.
using BatchSender =
    std::function<void(const storage::ImportBatch& batch, std::function<void(Result<void>)> done)>;

struct ImportCallbacks {
  std::function<void(const ImportTotals&)> on_progress;  ///< every report_every, and at the end
  std::function<void(const Error&)> on_bad_line;         ///< with skip_bad, each bad line
  std::function<bool()> cancelled;  ///< asked between batches: true stops the import
};

/// Runs the import to the end. Fails with the first bad line (unless
/// skip_bad), or with the error of a batch the node refused or that failed
/// after every retry; batches acknowledged before stay (importing again is
/// harmless: every write is an upsert).
Result<ImportTotals> run_import(storage::ImportSource& source, const BatchSender& send,
                                const ImportOptions& options,
                                const ImportCallbacks& callbacks = {});

}  // namespace ds::sdk
