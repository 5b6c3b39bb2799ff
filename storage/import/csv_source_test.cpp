#define BOOST_TEST_MODULE storage_import_csv
#include "storage/import/csv_source.hpp"

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
  auto source = open_csv(std::move(paths));
  BOOST_REQUIRE_MESSAGE(source.ok(), (source.ok() ? "" : source.error().message));
  return std::move(source).value();
}

constexpr const char* kPeopleHeader = "id:ID,name,age:int,:LABEL\n";

/// The error of the first next() over a node file `text`; checks its file:line.
std::string record_error(const std::string& text, int line) {
  testing::TempDir dir("ds-csv");
  auto path = dir.write("bad.csv", text);
  auto source = open({path});
  auto next = source->next(100);
  BOOST_REQUIRE(!next.ok());
  BOOST_TEST((next.error().code == errc::invalid_argument));
  auto prefix = path.string() + ":" + std::to_string(line) + ": ";
  BOOST_TEST(next.error().message.rfind(prefix, 0) == 0u, next.error().message);
  BOOST_TEST_MESSAGE(next.error().message);
  return next.error().message.substr(prefix.size());
}

/// The error of opening a file whose header is `text`; checks its file:line.
std::string header_error(const std::string& text) {
  testing::TempDir dir("ds-csv");
  auto path = dir.write("bad.csv", text);
  auto source = open_csv({path});
  BOOST_REQUIRE(!source.ok());
  BOOST_TEST((source.error().code == errc::invalid_argument));
  auto prefix = path.string() + ":1: ";
  BOOST_TEST(source.error().message.rfind(prefix, 0) == 0u, source.error().message);
  BOOST_TEST_MESSAGE(source.error().message);
  return source.error().message.substr(prefix.size());
}

}  // namespace

BOOST_AUTO_TEST_CASE(node_and_edge_files_map_to_typed_items) {
  testing::TempDir dir("ds-csv");
  // The edge file comes first on the command line; its edges still come last.
  auto knows = dir.write("knows.csv",
                          ":START_ID,:TYPE,:END_ID,since:int,weight:double\n"
                          "p1,KNOWS,p2,2010,0.5\n"
                          "p2,KNOWS,p1,,\n");
  auto people = dir.write(
      "people.csv",
      "id:ID,name,age:int,height:float,active:BOOLEAN,tags:string[],scores:long[],:LABEL,"
      "note:IGNORE\n"
      "p1,\"Smith, \"\"Al\"\"\nJunior\",42,1.8,true,a;b,1;-2,Person;Admin,x\r\n"
      "p2,,,,False,,,,\n"
      "p3,\"\",-7,,,,,Person,\n");
  auto source = open_import_source("csv", {knows, people});
  BOOST_REQUIRE(source.ok());
  auto batches = testing::read_batches(**source, 2);
  std::vector<NodeItem> nodes;
  std::vector<EdgeItem> edges;
  for (auto& batch : batches) {
    BOOST_TEST((edges.empty() || batch.nodes.empty()));  // every node before any edge
    for (auto& node : batch.nodes)
      nodes.push_back(std::move(node));
    for (auto& edge : batch.edges)
      edges.push_back(std::move(edge));
  }
  BOOST_REQUIRE_EQUAL(nodes.size(), 3u);
  BOOST_TEST(nodes[0].key == "p1");
  BOOST_TEST((nodes[0].labels == std::vector<std::string>{"Person", "Admin"}));
  BOOST_TEST((nodes[0].properties == Properties{{"id", "p1"},
                                                {"name", "Smith, \"Al\"\nJunior"},
                                                {"age", int64_t{42}},
                                                {"height", 1.8},
                                                {"active", true},
                                                {"tags", Value::List{"a", "b"}},
                                                {"scores", Value::List{int64_t{1}, int64_t{-2}}}}));
  // Empty fields set nothing; a quoted "" is the empty string.
  BOOST_TEST(nodes[1].labels.empty());
  BOOST_TEST((nodes[1].properties == Properties{{"id", "p2"}, {"active", false}}));
  BOOST_TEST((nodes[2].properties == Properties{{"id", "p3"}, {"name", ""}, {"age", int64_t{-7}}}));

  BOOST_REQUIRE_EQUAL(edges.size(), 2u);
  BOOST_TEST(edges[0].src == "p1");
  BOOST_TEST(edges[0].type == "KNOWS");
  BOOST_TEST(edges[0].dst == "p2");
  BOOST_TEST((edges[0].properties == Properties{{"since", int64_t{2010}}, {"weight", 0.5}}));
  BOOST_TEST(edges[1].properties.empty());

  auto progress = (*source)->progress();
  BOOST_TEST(progress.bytes_total == fs::file_size(knows) + fs::file_size(people));
  BOOST_TEST(progress.bytes_done == progress.bytes_total);
}

BOOST_AUTO_TEST_CASE(an_unnamed_id_is_not_a_property) {
  testing::TempDir dir("ds-csv");
  auto path = dir.write("n.csv", ":ID\nk1\n");
  auto batches = testing::read_batches(*open({path}));
  BOOST_REQUIRE_EQUAL(batches.size(), 1u);
  BOOST_TEST(batches[0].nodes.at(0).key == "k1");
  BOOST_TEST(batches[0].nodes.at(0).properties.empty());
}

BOOST_AUTO_TEST_CASE(a_truncated_record_is_refused) {
  // Fewer fields than the header, on the line of the record.
  BOOST_TEST(record_error(std::string(kPeopleHeader) + "p1,Al,1,Person\np2,Bo\n", 3) ==
             "expected 4 fields as in the header (line 1), got 2");
  // A quote never closed: the line where the record starts.
  BOOST_TEST(record_error(std::string(kPeopleHeader) + "p1,Al,1,Person\np2,\"Bo\n,3,\n", 3) ==
             "truncated record: the quoted field opened at column 4 is not closed before the end "
             "of the file");
}

BOOST_AUTO_TEST_CASE(a_bad_quote_is_refused) {
  BOOST_TEST(record_error(std::string(kPeopleHeader) + "p1,5\" tall,1,Person\n", 2) ==
             "column 5: a quote inside an unquoted field (quote the whole field and double the "
             "quote: \"5\"\" tall\")");
  BOOST_TEST(record_error(std::string(kPeopleHeader) + "p1,\"Al\nx\"y,1,Person\n", 2) ==
             "line 3, column 3: text after the closing quote of a field (a quote inside quotes "
             "is written \"\")");
}

BOOST_AUTO_TEST_CASE(a_value_of_the_wrong_type_names_its_column) {
  BOOST_TEST(record_error(std::string(kPeopleHeader) + "p1,Al,x,Person\n", 2) ==
             "column 3 \"age:int\": \"x\" is not a 64-bit integer");
  BOOST_TEST(record_error("id:ID,n:int[]\np1,1;2;z\n", 2) ==
             "column 2 \"n:int[]\": element 3 \"z\" is not a 64-bit integer");
  BOOST_TEST(record_error("id:ID,b:boolean\np1,yes\n", 2) ==
             "column 2 \"b:boolean\": \"yes\" is not true or false");
  // A huge bad value is cut short in the message.
  BOOST_TEST(record_error("id:ID,n:int\np1," + std::string(100, '9') + "x\n", 2) ==
             "column 2 \"n:int\": \"" + std::string(57, '9') +
                 "...\" (101 bytes) is not a 64-bit integer");
  BOOST_TEST(record_error(std::string(kPeopleHeader) + ",Al,1,Person\n", 2) ==
             "column 1 \"id:ID\": the node key is empty");
}

BOOST_AUTO_TEST_CASE(an_unknown_column_or_type_is_refused_before_anything_is_read) {
  BOOST_TEST(header_error("id:ID,name,age:integr\n") ==
             "column 3 \"age:integr\": unknown type integr; expected string, int, long, float, "
             "double or boolean (or an array of one, such as int[])");
  BOOST_TEST(header_error("id:ID,:FOO\n") ==
             "column 2 \":FOO\": unknown column; expected a property name or one of :ID, :LABEL, "
             ":START_ID, :END_ID, :TYPE, :IGNORE");
  BOOST_TEST(header_error("id:ID,:START_ID,:TYPE,:END_ID\n") ==
             "the header has both :ID (a node file) and :START_ID (an edge file); a file holds "
             "nodes or edges, not both");
  BOOST_TEST(header_error("name,age:int\n") ==
             "the header has neither :ID (a node file) nor :START_ID (an edge file)");
  BOOST_TEST(header_error(":START_ID,:END_ID\n") ==
             "an edge file needs a :TYPE column (the relation type)");
  BOOST_TEST(header_error(":ID,name,name:int\n") ==
             "column 3 \"name:int\": a second column for property name");
  BOOST_TEST(header_error(":ID(Person),name\n") ==
             "column 1 \":ID(Person)\": ID spaces such as :ID(Person) are not supported; keys are "
             "global");
}

BOOST_AUTO_TEST_CASE(non_utf8_bytes_are_refused) {
  BOOST_TEST(record_error(std::string(kPeopleHeader) + "p1,Jos\xE9,1,Person\n", 2) ==
             "column 7: invalid UTF-8 (byte 0xe9); the file must be UTF-8");
  BOOST_TEST(record_error(std::string(kPeopleHeader) + "p1,\"Jos\n\xE9\",1,Person\n", 2) ==
             "line 3, column 1: invalid UTF-8 (byte 0xe9); the file must be UTF-8");
}

BOOST_AUTO_TEST_CASE(after_a_bad_record_the_next_call_goes_on) {
  testing::TempDir dir("ds-csv");
  auto path = dir.write("skip.csv",
                         std::string(kPeopleHeader) +
                             "p1,\"two\nlines\",1,Person\n"   // lines 2-3
                             "p2,\"bad\nrecord\",x,Person\n"  // lines 4-5: age is not an int
                             "p3,Cy,3,Person\n");
  auto source = open({path});
  auto bad = source->next(100);
  BOOST_REQUIRE(!bad.ok());
  BOOST_TEST(bad.error().message ==
             path.string() + ":4: column 3 \"age:int\": \"x\" is not a 64-bit integer");
  auto rest = testing::read_batches(*source);
  BOOST_REQUIRE_EQUAL(rest.size(), 1u);
  BOOST_REQUIRE_EQUAL(rest[0].nodes.size(), 2u);
  BOOST_TEST(rest[0].nodes[0].key == "p1");
  BOOST_TEST(rest[0].nodes[1].key == "p3");
}

BOOST_AUTO_TEST_CASE(a_missing_or_empty_file_is_an_error) {
  auto none = open_import_source("csv", {});
  BOOST_REQUIRE(!none.ok());
  BOOST_TEST(none.error().message == "csv needs at least one file");
  auto missing = open_import_source("csv", {"/nonexistent/x.csv"});
  BOOST_REQUIRE(!missing.ok());
  BOOST_TEST(missing.error().message.rfind("/nonexistent/x.csv: cannot open", 0) == 0u,
             missing.error().message);
  testing::TempDir dir("ds-csv");
  auto empty = open_csv({dir.write("empty.csv", "")});
  BOOST_REQUIRE(!empty.ok());
  BOOST_TEST(empty.error().message ==
             (dir / "empty.csv").string() + ": empty file; a CSV file starts with its header line");
}
