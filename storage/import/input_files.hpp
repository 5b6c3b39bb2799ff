#pragma once

// The files of one import (formats that take any number of them), read one
// after another, with progress counted in bytes over all of them.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "storage/import/import_source.hpp"
#include "storage/import/line_reader.hpp"

namespace ds::storage {

class InputFiles {
 public:
  /// Checks now that every path is a readable file, so that a typo fails the
  /// import before anything is read; `format` names the format in the error
  /// for an empty list ("ntriples needs at least one file").
  static Result<InputFiles> open(std::string_view format, std::vector<std::filesystem::path> paths);

  /// The reader of the current file, opened on first use; nullptr once every
  /// file is done. A file that cannot be opened any more is an error, and the
  /// next call goes on with the file after it.
  Result<LineReader*> current();

  /// Done with the current file (its reader returned false): go on to the next.
  void finish_current();

  /// Index into the paths given to open() of the current file.
  std::size_t index() const { return index_; }

  ImportProgress progress() const;

 private:
  std::vector<std::filesystem::path> paths_;
  uint64_t bytes_total_ = 0;
  uint64_t bytes_done_ = 0;  // of the files before the current one
  std::size_t index_ = 0;
  std::optional<LineReader> reader_;  // one open file at a time: its buffer is 1 MiB
};

}  // namespace ds::storage
