#define BOOST_TEST_MODULE storage_import_vector_file
#include "storage/import/vector_file.hpp"

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>

#include <boost/test/unit_test.hpp>

#include "common/testing/temp_dir.hpp"

using namespace ds;
using namespace ds::storage;

namespace {

using Rows = std::vector<std::vector<float>>;

void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string fvecs(const Rows& rows) {
  std::string out;
  for (const auto& row : rows) {
    int32_t dim = static_cast<int32_t>(row.size());
    out.append(reinterpret_cast<const char*>(&dim), 4);
    out.append(reinterpret_cast<const char*>(row.data()), row.size() * 4);
  }
  return out;
}

/// A version 1.0 .npy file of `rows` (all of one size) with dtype `descr`.
std::string npy(const Rows& rows, const std::string& descr = "<f4") {
  std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" +
                       std::to_string(rows.size()) + ", " + std::to_string(rows[0].size()) + "), }";
  header.append(64 - (10 + header.size() + 1) % 64, ' ');
  header += '\n';
  std::string out = "\x93NUMPY\x01";
  out += '\0';
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  out += header;
  for (const auto& row : rows)
    out.append(reinterpret_cast<const char*>(row.data()), row.size() * 4);
  return out;
}

std::unique_ptr<VectorFile> open_ok(const std::filesystem::path& path, std::string prefix = "") {
  auto file = VectorFile::open(path, std::move(prefix));
  BOOST_REQUIRE_MESSAGE(file.ok(), (file.ok() ? "" : file.error().message));
  return std::move(file).value();
}

/// Every row of the file, read in batches of two.
VectorRows read_all(VectorFile& file) {
  VectorRows all;
  while (true) {
    auto batch = file.next(2);
    BOOST_REQUIRE_MESSAGE(batch.ok(), (batch.ok() ? "" : batch.error().message));
    if (batch->keys.empty()) return all;
    all.keys.insert(all.keys.end(), batch->keys.begin(), batch->keys.end());
    all.rows.insert(all.rows.end(), batch->rows.begin(), batch->rows.end());
  }
}

std::string first_error(const std::filesystem::path& path) {
  auto file = VectorFile::open(path);
  if (!file) return file.error().message;
  while (true) {
    auto batch = (*file)->next(2);
    if (!batch) return batch.error().message;
    if (batch->keys.empty()) return "";
  }
}

const Rows kRows = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
const std::vector<float> kFlat = {1, 2, 3, 4, 5, 6, 7, 8, 9};

}  // namespace

BOOST_AUTO_TEST_CASE(fvecs_rows_are_read_with_numbered_keys) {
  testing::TempDir dir{"ds-vector-file"};
  write_bytes(dir / "a.fvecs", fvecs(kRows));
  auto file = open_ok(dir / "a.fvecs", "v");
  BOOST_TEST(file->dim() == 3u);
  BOOST_TEST(*file->rows_total() == 3u);
  auto all = read_all(*file);
  BOOST_TEST((all.keys == std::vector<std::string>{"v0", "v1", "v2"}));
  BOOST_TEST((all.rows == kFlat));
  BOOST_TEST(file->bytes_done() == file->bytes_total());
}

BOOST_AUTO_TEST_CASE(npy_float32_arrays_are_read) {
  testing::TempDir dir{"ds-vector-file"};
  write_bytes(dir / "a.npy", npy(kRows));
  auto file = open_ok(dir / "a.npy");
  BOOST_TEST(file->dim() == 3u);
  auto all = read_all(*file);
  BOOST_TEST((all.keys == std::vector<std::string>{"0", "1", "2"}));
  BOOST_TEST((all.rows == kFlat));
}

BOOST_AUTO_TEST_CASE(jsonl_rows_carry_their_keys) {
  testing::TempDir dir{"ds-vector-file"};
  write_bytes(dir / "a.jsonl", "{\"key\": \"dog\", \"vector\": [1, 2, 3]}\n\n"
                               "{\"key\": \"cat\", \"vector\": [4, 5, 6]}\n"
                               "{\"vector\": [7, 8, 9], \"key\": \"fox\"}\n");
  auto file = open_ok(dir / "a.jsonl");
  BOOST_TEST(file->dim() == 3u);
  BOOST_TEST(!file->rows_total());
  auto all = read_all(*file);
  BOOST_TEST((all.keys == std::vector<std::string>{"dog", "cat", "fox"}));
  BOOST_TEST((all.rows == kFlat));
}

BOOST_AUTO_TEST_CASE(bad_files_say_where_and_what) {
  testing::TempDir dir{"ds-vector-file"};
  auto nan = std::numeric_limits<float>::quiet_NaN();
  struct Case {
    std::string name, bytes, expect;
  } cases[] = {
      {"dims.fvecs", fvecs({{1, 2, 3}, {1, 2, 3}}).replace(16, 1, "\x02"),
       "row 1 (byte 16): dimension 2; the first row's is 3"},
      {"nan.fvecs", fvecs({{1, 2}, {3, nan}}), "row 1 (byte 12): vector[1] is NaN"},
      {"short.fvecs", fvecs({{1, 2, 3}}).substr(0, 14), "is not a whole number of rows of 16 bytes"},
      {"f64.npy", npy(kRows, "<f8"), "dtype '<f8'; vectors import takes float32"},
      {"inf.npy", npy({{1, std::numeric_limits<float>::infinity()}}), "row 0 (byte 128): vector[1] is infinite"},
      {"text.npy", "hello", "not a .npy file"},
      {"dims.jsonl", "{\"key\": \"a\", \"vector\": [1, 2]}\n{\"key\": \"b\", \"vector\": [1]}\n",
       "dims.jsonl:2: vector: 1 numbers; the first row has 2"},
      {"type.jsonl", "{\"key\": \"a\", \"vector\": [1, \"x\"]}\n",
       "type.jsonl:1: vector[1]: expected a number, got string"},
      {"json.jsonl", "{\"key\": \"a\", \"vector\": [1,\n", "json.jsonl:1: not valid JSON"},
      {"nokey.jsonl", "{\"vector\": [1]}\n", "nokey.jsonl:1: expected {\"key\""},
      {"a.csv", "1,2\n", "unknown extension \".csv\"; expected one of .fvecs, .npy, .jsonl"},
  };
  for (const auto& c : cases) {
    write_bytes(dir / c.name, c.bytes);
    auto error = first_error(dir / c.name);
    BOOST_TEST_CONTEXT(c.name) {
      BOOST_TEST(error.find(c.expect) != std::string::npos, error);
    }
  }
}
