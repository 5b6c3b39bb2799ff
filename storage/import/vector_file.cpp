#include "storage/import/vector_file.hpp"

#include <cmath>
#include <cstring>
#include <limits>

#include <nlohmann/json.hpp>

#include "storage/import/line_reader.hpp"

namespace ds::storage {
namespace {

constexpr uint32_t kMaxDim = 65536;  // as a space's dimension

Error bad(const std::filesystem::path& path, const std::string& what) {
  return make_error(errc::invalid_argument, path.string() + ": " + what);
}

/// Checks a row's numbers; `where` says which row.
Result<void> check_finite(const float* row, uint32_t dim, const std::function<Error(std::string)>& at) {
  for (uint32_t i = 0; i < dim; ++i)
    if (!std::isfinite(row[i]))
      return at("vector[" + std::to_string(i) + "] is " + (std::isnan(row[i]) ? "NaN" : "infinite") +
                "; vectors take finite numbers only");
  return {};
}

/// Binary rows of fixed size after a header: .fvecs and .npy.
class BinaryVectors : public VectorFile {
 public:
  BinaryVectors(uint64_t data_offset, bool row_prefix) : data_offset_(data_offset), row_prefix_(row_prefix) {}

  Result<VectorRows> next(std::size_t max_rows) override {
    VectorRows out;
    std::vector<char> row(row_bytes());
    while (out.keys.size() < max_rows && rows_done_ < *rows_total_) {
      auto at = [&](const std::string& what) {
        return bad(path_, "row " + std::to_string(rows_done_) + " (byte " +
                              std::to_string(bytes_done_) + "): " + what);
      };
      if (!in_.read(row.data(), static_cast<std::streamsize>(row.size()))) return at("cut short");
      const char* floats = row.data();
      if (row_prefix_) {
        int32_t dim = 0;
        std::memcpy(&dim, row.data(), 4);
        if (dim != static_cast<int32_t>(dim_))
          return at("dimension " + std::to_string(dim) + "; the first row's is " +
                    std::to_string(dim_));
        floats += 4;
      }
      auto first = out.rows.size();
      out.rows.resize(first + dim_);
      std::memcpy(out.rows.data() + first, floats, dim_ * sizeof(float));
      if (auto ok = check_finite(out.rows.data() + first, dim_, at); !ok) return ok.error();
      out.keys.push_back(key_prefix_ + std::to_string(rows_done_));
      ++rows_done_;
      bytes_done_ += row.size();
    }
    return out;
  }

  /// Reads the header of a .fvecs (the first row's dimension) or .npy file.
  Result<void> read_header(bool npy);

 private:
  std::size_t row_bytes() const { return (row_prefix_ ? 4 : 0) + std::size_t{dim_} * 4; }
  Result<void> read_npy_header();

  uint64_t data_offset_;
  bool row_prefix_;
};

/// "'key': value" from a .npy header dictionary, as text.
std::string npy_field(const std::string& header, const std::string& key) {
  auto at = header.find("'" + key + "'");
  if (at == std::string::npos) return {};
  auto colon = header.find(':', at);
  if (colon == std::string::npos) return {};
  auto start = header.find_first_not_of(' ', colon + 1);
  if (start == std::string::npos) return {};
  auto end = header[start] == '(' ? header.find(')', start) + 1 : header.find(',', start);
  return header.substr(start, end - start);
}

Result<void> BinaryVectors::read_npy_header() {
  char magic[8];
  if (!in_.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0)
    return bad(path_, "not a .npy file (no \\x93NUMPY magic)");
  uint32_t header_length = 0;
  unsigned char size[4] = {};
  int size_bytes = magic[6] == 1 ? 2 : 4;
  if (!in_.read(reinterpret_cast<char*>(size), size_bytes)) return bad(path_, "header cut short");
  for (int i = size_bytes - 1; i >= 0; --i)
    header_length = header_length << 8 | size[i];
  std::string header(header_length, '\0');
  if (!in_.read(header.data(), header_length)) return bad(path_, "header cut short");
  data_offset_ = 8 + static_cast<uint64_t>(size_bytes) + header_length;
  auto descr = npy_field(header, "descr");
  if (descr != "'<f4'" && descr != "'|f4'")
    return bad(path_, "dtype " + descr + "; vectors import takes float32 ('<f4': numpy.float32)");
  if (npy_field(header, "fortran_order") != "False")
    return bad(path_, "Fortran order; save a C-ordered array (numpy.ascontiguousarray)");
  auto shape = npy_field(header, "shape");
  unsigned long long rows = 0, dim = 0;
  if (std::sscanf(shape.c_str(), "(%llu, %llu)", &rows, &dim) != 2)
    return bad(path_, "shape " + shape + "; vectors import takes a 2-D array (rows, dim)");
  if (dim == 0 || dim > kMaxDim)
    return bad(path_, "dimension " + std::to_string(dim) + " is outside 1.." + std::to_string(kMaxDim));
  dim_ = static_cast<uint32_t>(dim);
  rows_total_ = rows;
  if (bytes_total_ - data_offset_ != rows * dim * 4)
    return bad(path_, "holds " + std::to_string(bytes_total_ - data_offset_) + " data bytes; shape " +
                          shape + " needs " + std::to_string(rows * dim * 4));
  return {};
}

Result<void> BinaryVectors::read_header(bool npy) {
  if (npy) {
    if (auto ok = read_npy_header(); !ok) return ok;
  } else {
    int32_t dim = 0;
    if (bytes_total_ == 0) {
      rows_total_ = 0;
      return {};
    }
    if (!in_.read(reinterpret_cast<char*>(&dim), 4)) return bad(path_, "cut short in row 0");
    if (dim <= 0 || static_cast<uint32_t>(dim) > kMaxDim)
      return bad(path_, "row 0 has dimension " + std::to_string(dim) + ", outside 1.." +
                            std::to_string(kMaxDim) + " (is this an .fvecs file?)");
    dim_ = static_cast<uint32_t>(dim);
    if (bytes_total_ % row_bytes() != 0)
      return bad(path_, std::to_string(bytes_total_) + " bytes is not a whole number of rows of " +
                            std::to_string(row_bytes()) + " bytes (4 + 4 * dimension " +
                            std::to_string(dim_) + ")");
    rows_total_ = bytes_total_ / row_bytes();
    in_.seekg(0);
  }
  bytes_done_ = data_offset_;
  return {};
}

/// One JSON object per line.
class JsonLines : public VectorFile {
 public:
  explicit JsonLines(LineReader reader) : reader_(std::move(reader)) {}

  Result<VectorRows> next(std::size_t max_rows) override {
    VectorRows out;
    if (pending_) {
      out = std::move(*pending_);
      pending_.reset();
    }
    std::string line;
    while (out.keys.size() < max_rows && reader_.next(line)) {
      bytes_done_ = reader_.bytes_done();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      if (auto ok = parse(line, out); !ok) return ok.error();
    }
    bytes_done_ = reader_.bytes_done();
    return out;
  }

  /// Reads the first row for the dimension; it is handed out by next().
  Result<void> read_first() {
    auto first = next(1);
    if (!first) return first.error();
    pending_ = std::move(first).value();
    return {};
  }

 private:
  Result<void> parse(const std::string& line, VectorRows& out) {
    nlohmann::json row;
    try {
      row = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
      return reader_.error("not valid JSON at column " + std::to_string(e.byte));
    }
    if (!row.is_object() || !row.contains("key") || !row.contains("vector"))
      return reader_.error("expected {\"key\": \"...\", \"vector\": [...]}");
    if (!row["key"].is_string() || row["key"].get_ref<const std::string&>().empty())
      return reader_.error("key: expected a non-empty string");
    const auto& vector = row["vector"];
    if (!vector.is_array() || vector.empty())
      return reader_.error("vector: expected an array of numbers");
    if (dim_ == 0) {
      if (vector.size() > kMaxDim)
        return reader_.error("vector: " + std::to_string(vector.size()) + " numbers, more than " +
                             std::to_string(kMaxDim));
      dim_ = static_cast<uint32_t>(vector.size());
    }
    if (vector.size() != dim_)
      return reader_.error("vector: " + std::to_string(vector.size()) +
                           " numbers; the first row has " + std::to_string(dim_));
    for (std::size_t i = 0; i < vector.size(); ++i) {
      if (!vector[i].is_number())
        return reader_.error("vector[" + std::to_string(i) + "]: expected a number, got " +
                             vector[i].type_name());
      auto number = vector[i].get<double>();
      if (std::abs(number) > std::numeric_limits<float>::max())
        return reader_.error("vector[" + std::to_string(i) + "]: " + vector[i].dump() +
                             " is outside the float range");
      out.rows.push_back(static_cast<float>(number));
    }
    out.keys.push_back(row["key"].get<std::string>());
    return {};
  }

  LineReader reader_;
  std::optional<VectorRows> pending_;
};

}  // namespace

const char* vector_file_extensions() { return ".fvecs, .npy, .jsonl"; }

Result<std::unique_ptr<VectorFile>> VectorFile::open(const std::filesystem::path& path,
                                                     std::string key_prefix) {
  auto extension = path.extension().string();
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return make_error(errc::invalid_argument, path.string() + ": " + ec.message());
  if (extension == ".jsonl") {
    auto reader = LineReader::open(path);
    if (!reader) return reader.error();
    auto file = std::make_unique<JsonLines>(std::move(reader).value());
    file->path_ = path;
    file->bytes_total_ = size;
    if (auto ok = file->read_first(); !ok) return ok.error();
    return std::unique_ptr<VectorFile>(std::move(file));
  }
  if (extension != ".fvecs" && extension != ".npy")
    return bad(path, "unknown extension \"" + extension + "\"; expected one of " +
                         vector_file_extensions());
  auto file = std::make_unique<BinaryVectors>(0, extension == ".fvecs");
  file->path_ = path;
  file->key_prefix_ = std::move(key_prefix);
  file->bytes_total_ = size;
  file->in_.open(path, std::ios::binary);
  if (!file->in_) return bad(path, "cannot open: " + std::string(std::strerror(errno)));
  if (auto ok = file->read_header(extension == ".npy"); !ok) return ok.error();
  return std::unique_ptr<VectorFile>(std::move(file));
}

}  // namespace ds::storage
