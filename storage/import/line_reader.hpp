#pragma once

// Reads a text file line by line with its line number and byte offset, for
// importers that must say file:line when a line is bad.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace ds::storage {

class LineReader {
 public:
  static Result<LineReader> open(const std::filesystem::path& path);

  /// The next line without its '\n' (and without a '\r' before it); false at the end.
  bool next(std::string& line);

  /// 1-based number of the line last returned.
  uint64_t line_number() const { return line_number_; }
  /// Byte offset where the line last returned starts.
  uint64_t line_offset() const { return line_offset_; }
  /// Bytes consumed so far and the file's size.
  uint64_t bytes_done() const { return next_offset_; }
  uint64_t bytes_total() const { return size_; }
  const std::filesystem::path& path() const { return path_; }

  /// "path:line: what" as an invalid_argument error about the last line.
  Error error(const std::string& what) const;

 private:
  std::filesystem::path path_;
  std::unique_ptr<std::ifstream> in_;
  std::vector<char> buffer_;
  uint64_t size_ = 0;
  uint64_t line_number_ = 0;
  uint64_t line_offset_ = 0;
  uint64_t next_offset_ = 0;
};

}  // namespace ds::storage
