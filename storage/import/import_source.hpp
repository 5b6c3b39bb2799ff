#pragma once

// What importers hand on: batches of node and edge upserts addressed by
// external keys, pulled one batch at a time so a file of any size streams
// through bounded memory. Each format is one ImportSource implementation.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "common/value.hpp"

namespace ds::storage {

struct NodeItem {
  std::string key;
  std::vector<std::string> labels;
  Properties properties;
};

struct EdgeItem {
  std::string src;  ///< external key of the source node
  std::string type;
  std::string dst;  ///< external key of the target node
  Properties properties;
};

struct ImportBatch {
  std::vector<NodeItem> nodes;
  std::vector<EdgeItem> edges;
  std::size_t size() const { return nodes.size() + edges.size(); }
};

struct ImportProgress {
  uint64_t bytes_done = 0;
  uint64_t bytes_total = 0;  ///< 0 when unknown
};

class ImportSource {
 public:
  virtual ~ImportSource() = default;

  /// The next batch of at most `max_items` items; nullopt once the input is
  /// exhausted. A bad line is an errc::invalid_argument error that names
  /// file:line and what was wrong. The items read before it are kept, and
  /// the next call goes on after the bad line: a caller that stops loses the
  /// whole batch, one that skips bad lines (--skip-bad) loses only the line.
  virtual Result<std::optional<ImportBatch>> next(std::size_t max_items) = 0;

  virtual ImportProgress progress() const = 0;
};

}  // namespace ds::storage
