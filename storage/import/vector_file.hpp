#pragma once

// Vector files for `deepseek-cli vectors import`, read a batch of rows at a
// time in bounded memory:
//   .fvecs  rows of (int32 dim, dim float32), little-endian (the TEXMEX /
//           FAISS benchmark format); keys are `key_prefix` + the row number
//   .npy    a 2-D little-endian float32 array in C order (numpy.save);
//           keys as for .fvecs
//   .jsonl  one {"key": "...", "vector": [...]} per line
// Every row must have the file's dimension and finite numbers; an error says
// where (file:line for JSONL, file: row N at byte B for binary files).

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace ds::storage {

struct VectorRows {
  std::vector<std::string> keys;
  std::vector<float> rows;  ///< keys.size() * dim, row after row
};

class VectorFile {
 public:
  /// Opens `path`, its format told by the extension; reads the header (the
  /// dimension) now, so a wrong file fails before anything is sent.
  static Result<std::unique_ptr<VectorFile>> open(const std::filesystem::path& path,
                                                  std::string key_prefix = "");
  virtual ~VectorFile() = default;

  /// The next at most `max_rows` rows; an empty batch at the end.
  virtual Result<VectorRows> next(std::size_t max_rows) = 0;

  /// The rows' dimension (a JSONL file's is its first row's).
  uint32_t dim() const { return dim_; }
  /// Rows in the file, when the header says (npy) or the size does (fvecs).
  std::optional<uint64_t> rows_total() const { return rows_total_; }
  uint64_t bytes_done() const { return bytes_done_; }
  uint64_t bytes_total() const { return bytes_total_; }
  const std::filesystem::path& path() const { return path_; }

 protected:
  VectorFile() = default;
  std::filesystem::path path_;
  std::ifstream in_;
  std::string key_prefix_;
  uint32_t dim_ = 0;
  std::optional<uint64_t> rows_total_;
  uint64_t rows_done_ = 0;
  uint64_t bytes_done_ = 0;
  uint64_t bytes_total_ = 0;
};

/// The extensions open() knows, for messages: ".fvecs, .npy, .jsonl".
const char* vector_file_extensions();

}  // namespace ds::storage
