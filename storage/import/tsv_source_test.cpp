#define BOOST_TEST_MODULE storage_import_tsv
#include "storage/import/tsv_source.hpp"

#include <filesystem>
#include <fstream>

#include <boost/test/unit_test.hpp>

#include "common/testing/temp_dir.hpp"
#include "storage/import/import_formats.hpp"
#include "storage/import/testing/read_batches.hpp"

using namespace ds;
using namespace ds::storage;
namespace fs = std::filesystem;

namespace {

std::unique_ptr<ImportSource> open(std::vector<fs::path> paths) {
  auto source = open_tsv(std::move(paths));
  BOOST_REQUIRE_MESSAGE(source.ok(), (source.ok() ? "" : source.error().message));
  return std::move(source).value();
}

std::vector<EdgeItem> read_all(ImportSource& source, std::size_t max_items = 1000) {
  std::vector<EdgeItem> edges;
  for (auto& batch : testing::read_batches(source, max_items)) {
    BOOST_TEST(batch.nodes.empty());
    for (auto& edge : batch.edges)
      edges.push_back(std::move(edge));
  }
  return edges;
}

/// The error for `line` as the third line of a file.
std::string error_for(const std::string& line) {
  testing::TempDir dir("ds-tsv");
  auto path = dir.write("bad.tsv", "a\tr\tb\n\n" + line + "\nc\tr\td\n");
  auto source = open({path});
  auto next = source->next(100);
  BOOST_REQUIRE(!next.ok());
  BOOST_TEST((next.error().code == errc::invalid_argument));
  auto prefix = path.string() + ":3: ";
  BOOST_TEST(next.error().message.rfind(prefix, 0) == 0u, next.error().message);
  BOOST_TEST_MESSAGE(next.error().message);
  return next.error().message.substr(prefix.size());
}

}  // namespace

BOOST_AUTO_TEST_CASE(each_line_is_an_edge) {
  testing::TempDir dir("ds-tsv");
  auto train = dir.write("train.txt",
                          "/m/027rn\t/location/country/form_of_government\t/m/06cx9\n"
                          "\n"
                          "dog.n.01\t_hypernym\tcanine.n.02\r\n"
                          "back\\slash\tr\xC3\xA9l\t\"quoted\"\n");
  auto valid = dir.write("valid.txt", "x\ty\tz");  // no final line break
  auto source = open_import_source("tsv", {train, valid});
  BOOST_REQUIRE(source.ok());
  auto edges = read_all(**source, 2);
  BOOST_REQUIRE_EQUAL(edges.size(), 4u);
  BOOST_TEST(edges[0].src == "/m/027rn");
  BOOST_TEST(edges[0].type == "/location/country/form_of_government");
  BOOST_TEST(edges[0].dst == "/m/06cx9");
  BOOST_TEST(edges[1].dst == "canine.n.02");  // the \r of a CRLF file is not part of it
  BOOST_TEST(edges[2].src == "back\\slash");  // no escapes in TSV
  BOOST_TEST(edges[2].type == "r\xC3\xA9l");
  BOOST_TEST(edges[2].dst == "\"quoted\"");
  BOOST_TEST(edges[3].src == "x");
  BOOST_TEST(edges[3].properties.empty());
  auto progress = (*source)->progress();
  BOOST_TEST(progress.bytes_total == fs::file_size(train) + fs::file_size(valid));
  BOOST_TEST(progress.bytes_done == progress.bytes_total);
}

BOOST_AUTO_TEST_CASE(a_truncated_line_is_refused) {
  BOOST_TEST(error_for("a\tr") == "expected 3 tab-separated fields (head, relation, tail), got 2");
  BOOST_TEST(error_for("a\tr\t") == "field 3 (tail) is empty");
}

BOOST_AUTO_TEST_CASE(a_wrong_field_count_is_refused) {
  BOOST_TEST(error_for("a r b") == "expected 3 tab-separated fields (head, relation, tail), got 1");
}

BOOST_AUTO_TEST_CASE(a_fourth_column_is_refused) {
  BOOST_TEST(error_for("a\tr\tb\t0.5") ==
             "expected 3 tab-separated fields (head, relation, tail), got 4");
}

BOOST_AUTO_TEST_CASE(non_utf8_bytes_are_refused) {
  BOOST_TEST(error_for("a\tr\xE9l\tb") ==
             "column 4: invalid UTF-8 (byte 0xe9); the file must be UTF-8");
}

BOOST_AUTO_TEST_CASE(a_relation_longer_than_the_gateway_takes_is_refused) {
  BOOST_TEST(error_for("a\t" + std::string(300, 'r') + "\tb") ==
             "field 2 (relation) is 300 bytes; at most 256 are allowed");
}

BOOST_AUTO_TEST_CASE(after_a_bad_line_the_next_call_goes_on) {
  testing::TempDir dir("ds-tsv");
  auto path = dir.write("skip.tsv", "a\tr\tb\nc\tr\nd\tr\te\n");
  auto source = open({path});
  auto bad = source->next(100);
  BOOST_REQUIRE(!bad.ok());
  BOOST_TEST(bad.error().message.rfind(path.string() + ":2: ", 0) == 0u, bad.error().message);
  auto rest = read_all(*source);
  BOOST_REQUIRE_EQUAL(rest.size(), 2u);  // the line before the bad one and the one after
  BOOST_TEST(rest[0].src == "a");
  BOOST_TEST(rest[1].src == "d");
}

BOOST_AUTO_TEST_CASE(a_missing_file_or_no_file_is_an_error) {
  auto none = open_import_source("tsv", {});
  BOOST_REQUIRE(!none.ok());
  BOOST_TEST(none.error().message == "tsv needs at least one file");
  testing::TempDir dir("ds-tsv");
  auto missing =
      open_import_source("tsv", {dir.write("ok.tsv", "a\tb\tc\n"), dir / "no.tsv"});
  BOOST_REQUIRE(!missing.ok());
  BOOST_TEST(missing.error().message.rfind((dir / "no.tsv").string() + ": cannot open", 0) == 0u,
             missing.error().message);
}
