#define BOOST_TEST_MODULE storage_import_ntriples
#include "storage/import/ntriples_source.hpp"

#include <filesystem>
#include <fstream>
#include <map>

#include <boost/test/unit_test.hpp>

#include "common/testing/temp_dir.hpp"
#include "storage/import/import_formats.hpp"
#include "storage/import/testing/read_batches.hpp"

using namespace ds;
using namespace ds::storage;
namespace fs = std::filesystem;

namespace {

constexpr const char* kXsd = "http://www.w3.org/2001/XMLSchema#";

std::unique_ptr<ImportSource> open(std::vector<fs::path> paths) {
  auto source = open_ntriples(std::move(paths));
  BOOST_REQUIRE_MESSAGE(source.ok(), (source.ok() ? "" : source.error().message));
  return std::move(source).value();
}

/// The error of a one-triple file holding `line`.
std::string error_for(const std::string& line) {
  testing::TempDir dir("ds-ntriples");
  auto path = dir.write("bad.nt",
                         "<http://ex.org/a> <http://ex.org/p> <http://ex.org/b> .\n" + line + "\n");
  auto source = open({path});
  auto next = source->next(100);
  BOOST_REQUIRE(!next.ok());
  BOOST_TEST((next.error().code == errc::invalid_argument));
  auto prefix = path.string() + ":2: ";
  BOOST_TEST(next.error().message.rfind(prefix, 0) == 0u, next.error().message);
  BOOST_TEST_MESSAGE(next.error().message);
  return next.error().message.substr(prefix.size());
}

}  // namespace

BOOST_AUTO_TEST_CASE(triples_map_to_edges_and_typed_properties) {
  testing::TempDir dir("ds-ntriples");
  auto path =
      dir.write("people.nt",
                 "# people\n"
                 "<http://ex.org/alice> <http://xmlns.com/foaf/0.1/knows> <http://ex.org/bob> .\n"
                 "<http://ex.org/alice> <http://xmlns.com/foaf/0.1/name> \"Alice\" .\n"
                 "<http://ex.org/alice> <http://xmlns.com/foaf/0.1/name> \"Alicia\"@ES .\n"
                 "<http://ex.org/alice> <http://ex.org/age> "
                 "\"42\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
                 "\n"
                 "<http://ex.org/alice>\t<http://ex.org/height> "
                 "\"1.75\"^^<http://www.w3.org/2001/XMLSchema#double>.\n"
                 "<http://ex.org/alice> <http://ex.org/member> "
                 "\"true\"^^<http://www.w3.org/2001/XMLSchema#boolean> . # yes\n"
                 "<http://ex.org/alice> <http://ex.org/born> "
                 "\"1990-01-02\"^^<http://www.w3.org/2001/XMLSchema#date> .\n"
                 "<http://ex.org/alice> <http://ex.org/note> \"tab\\there \\\"q\\\" "
                 "\\u00e9\\U0001F600 back\\\\slash\\n\" .\n"
                 "<http://ex.org/alice> <http://ex.org/nick> \"Al\" .\n"
                 "<http://ex.org/alice> <http://ex.org/nick> \"Ally\" .\n"
                 "<http://ex.org/alice> <http://ex.org/nick> \"Al\" .\n"
                 "_:b1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://ex.org/Person> .\n"
                 "<http://ex.org/caf\\u00E9> <http://ex.org/p> _:b1.\n");
  auto source = open({path});
  auto batches = testing::read_batches(*source);
  BOOST_REQUIRE_EQUAL(batches.size(), 1u);
  const auto& batch = batches[0];

  BOOST_REQUIRE_EQUAL(batch.nodes.size(), 1u);  // one item per subject per batch
  const auto& alice = batch.nodes[0];
  BOOST_TEST(alice.key == "http://ex.org/alice");
  BOOST_TEST(alice.labels.empty());
  Properties expected{
      {"http://xmlns.com/foaf/0.1/name", "Alice"},
      {"http://xmlns.com/foaf/0.1/name@es", "Alicia"},
      {"http://ex.org/age", int64_t{42}},
      {"http://ex.org/height", 1.75},
      {"http://ex.org/member", true},
      {"http://ex.org/born", "1990-01-02"},  // an unknown datatype keeps the text
      {"http://ex.org/note", "tab\there \"q\" \xC3\xA9\xF0\x9F\x98\x80 back\\slash\n"},
      {"http://ex.org/nick", Value::List{"Al", "Ally"}},
  };
  for (const auto& [name, value] : expected) {
    BOOST_TEST_CONTEXT(name) {
      BOOST_REQUIRE(alice.properties.count(name));
      BOOST_TEST((alice.properties.at(name) == value));
    }
  }
  BOOST_TEST(alice.properties.size() == expected.size());

  BOOST_REQUIRE_EQUAL(batch.edges.size(), 3u);
  BOOST_TEST(batch.edges[0].src == "http://ex.org/alice");
  BOOST_TEST(batch.edges[0].type == "http://xmlns.com/foaf/0.1/knows");
  BOOST_TEST(batch.edges[0].dst == "http://ex.org/bob");
  BOOST_TEST(batch.edges[1].src == "_:b1");
  BOOST_TEST(batch.edges[1].type == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
  BOOST_TEST(batch.edges[1].dst == "http://ex.org/Person");
  BOOST_TEST(batch.edges[2].src == "http://ex.org/caf\xC3\xA9");
  BOOST_TEST(batch.edges[2].dst == "_:b1");

  auto progress = source->progress();
  BOOST_TEST(progress.bytes_total == fs::file_size(path));
  BOOST_TEST(progress.bytes_done == progress.bytes_total);
}

BOOST_AUTO_TEST_CASE(files_are_read_in_order_and_share_blank_node_labels) {
  testing::TempDir dir("ds-ntriples");
  auto a = dir.write("a.nt", "_:x <http://ex.org/p> <http://ex.org/1> .\n");
  auto b = dir.write("b.nt", "_:x <http://ex.org/p> <http://ex.org/2> .");  // no final \n
  auto source = open_import_source("ntriples", {a, b});
  BOOST_REQUIRE(source.ok());
  auto batches = testing::read_batches(**source);
  BOOST_REQUIRE_EQUAL(batches.size(), 1u);
  BOOST_REQUIRE_EQUAL(batches[0].edges.size(), 2u);
  BOOST_TEST(batches[0].edges[0].src == "_:x");
  BOOST_TEST(batches[0].edges[1].src == "_:x");
  BOOST_TEST(batches[0].edges[1].dst == "http://ex.org/2");
  auto progress = (*source)->progress();
  BOOST_TEST(progress.bytes_total == fs::file_size(a) + fs::file_size(b));
  BOOST_TEST(progress.bytes_done == progress.bytes_total);
}

BOOST_AUTO_TEST_CASE(a_subjects_consecutive_literals_stay_in_one_batch) {
  testing::TempDir dir("ds-ntriples");
  auto path = dir.write("sorted.nt",
                         "<s1> <p1> \"a\" .\n"
                         "<s1> <p2> \"b\" .\n"
                         "<s2> <p1> \"c\" .\n"
                         "<s2> <p2> \"d\" .\n"
                         "<s2> <p3> \"e\" .\n"
                         "<s2> <knows> <s1> .\n"
                         "<s3> <p1> \"f\" .\n");
  auto source = open({path});
  auto batches = testing::read_batches(*source, 1);
  BOOST_REQUIRE_EQUAL(batches.size(), 4u);
  for (const auto& batch : batches)
    BOOST_TEST(batch.size() == 1u);  // max_items holds
  BOOST_TEST(batches[0].nodes.at(0).properties.size() == 2u);
  BOOST_TEST(batches[1].nodes.at(0).key == "s2");
  BOOST_TEST(batches[1].nodes.at(0).properties.size() == 3u);
  BOOST_TEST(batches[2].edges.at(0).type == "knows");
  BOOST_TEST(batches[3].nodes.at(0).key == "s3");
}

BOOST_AUTO_TEST_CASE(a_truncated_line_names_file_and_line) {
  BOOST_TEST(error_for("<http://ex.org/a> <http://ex.org/p> <http://ex.org/b>") ==
             "column 54: the line ends before the final '.' (is the triple cut short?)");
  BOOST_TEST(error_for("<http://ex.org/a> <http://ex.org/p> \"open") ==
             "column 37: unterminated literal (no closing '\"')");
  BOOST_TEST(error_for("<http://ex.org/a> <http://ex.org/p> <http://ex.o") ==
             "column 37: unterminated IRI (no closing '>')");
  BOOST_TEST(error_for("<http://ex.org/a> <http://ex.org/p>") ==
             "column 36: the line ends before the object (is the triple cut short?)");
}

BOOST_AUTO_TEST_CASE(a_bad_escape_names_its_column) {
  BOOST_TEST(error_for("<a> <p> \"x\\qy\" .") ==
             "column 11: bad escape \\q (expected \\t \\b \\n \\r \\f \\\" \\' \\\\ \\uXXXX or "
             "\\UXXXXXXXX)");
  BOOST_TEST(error_for("<a\\n> <p> <b> .") ==
             "column 3: bad escape \\n (IRIs allow only \\uXXXX and \\UXXXXXXXX)");
  BOOST_TEST(error_for("<a> <p> \"\\u12G4\" .") ==
             "column 10: bad escape \\u12G: expected 4 hexadecimal digits");
  BOOST_TEST(error_for("<a> <p> \"\\uD800\" .") ==
             "column 10: bad escape \\uD800: not a Unicode character (a surrogate or past "
             "U+10FFFF)");
}

BOOST_AUTO_TEST_CASE(a_bad_term_is_refused) {
  BOOST_TEST(error_for("\"lit\" <p> <b> .") ==
             "column 1: a literal cannot be a subject (use an <IRI> or _:label)");
  BOOST_TEST(error_for("<a> _:p <b> .") ==
             "column 5: a blank node cannot be a predicate (use an <IRI>)");
  BOOST_TEST(error_for("<a> <p> <b> <c> .") ==
             "column 13: expected '.' after the object, found '<'");
  BOOST_TEST(error_for("<a b> <p> <c> .") ==
             "column 3: a space is not allowed in an IRI (write it as a \\u escape)");
  BOOST_TEST(error_for("<a> <p> \"x\"^^<http://www.w3.org/2001/XMLSchema#integer> .") ==
             "column 9: \"x\" is not a valid xsd:integer");
  BOOST_TEST(error_for("<a> <p> \"x\"@ .") ==
             "column 12: bad language tag (expected @en or @en-GB)");
}

BOOST_AUTO_TEST_CASE(non_utf8_bytes_are_refused) {
  BOOST_TEST(error_for("<a> <p> \"caf\xC3\xA9 \xFF\" .") ==
             "column 15: invalid UTF-8 (byte 0xff); the file must be UTF-8");
}

BOOST_AUTO_TEST_CASE(after_a_bad_line_the_next_call_goes_on) {
  testing::TempDir dir("ds-ntriples");
  auto path = dir.write("skip.nt",
                         "<a> <p> <b> .\n"
                         "<a> <name> \"A\" .\n"
                         "<a> <p> \"bad\\q\" .\n"
                         "<a> <age> \"7\"^^<http://www.w3.org/2001/XMLSchema#int> .\n"
                         "<b> <p> <c> .\n");
  auto source = open({path});
  auto bad = source->next(100);
  BOOST_REQUIRE(!bad.ok());
  BOOST_TEST(bad.error().message.rfind(path.string() + ":3: column 13: bad escape \\q", 0) == 0u,
             bad.error().message);
  auto rest = testing::read_batches(*source);
  BOOST_REQUIRE_EQUAL(rest.size(), 1u);
  BOOST_REQUIRE_EQUAL(rest[0].nodes.size(), 1u);
  // The literals before and after the bad line are one item: nothing is lost.
  BOOST_TEST((rest[0].nodes[0].properties == Properties{{"name", "A"}, {"age", int64_t{7}}}));
  BOOST_REQUIRE_EQUAL(rest[0].edges.size(), 2u);
  BOOST_TEST(rest[0].edges[0].dst == "b");
  BOOST_TEST(rest[0].edges[1].dst == "c");
}

BOOST_AUTO_TEST_CASE(a_missing_file_or_no_file_is_an_error) {
  auto none = open_import_source("ntriples", {});
  BOOST_REQUIRE(!none.ok());
  BOOST_TEST(none.error().message == "ntriples needs at least one file");
  auto missing = open_import_source("ntriples", {"/nonexistent/x.nt"});
  BOOST_REQUIRE(!missing.ok());
  BOOST_TEST(missing.error().message.rfind("/nonexistent/x.nt: cannot open", 0) == 0u,
             missing.error().message);
}

BOOST_AUTO_TEST_CASE(xsd_number_forms) {
  testing::TempDir dir("ds-ntriples");
  std::string xsd = kXsd;
  auto path = dir.write("n.nt",
                         "<s> <a> \"+5\"^^<" + xsd +
                             "integer> .\n"
                             "<s> <b> \"99999999999999999999\"^^<" +
                             xsd +
                             "integer> .\n"
                             "<s> <c> \"-1.5E2\"^^<" +
                             xsd +
                             "double> .\n"
                             "<s> <d> \"2.50\"^^<" +
                             xsd +
                             "decimal> .\n"
                             "<s> <e> \"0\"^^<" +
                             xsd +
                             "boolean> .\n"
                             "<s> <f> \"x\"^^<http://ex.org/own> .\n");
  auto source = open({path});
  auto batches = testing::read_batches(*source);
  BOOST_REQUIRE_EQUAL(batches.size(), 1u);
  BOOST_TEST((batches[0].nodes.at(0).properties ==
              Properties{{"a", int64_t{5}},
                         {"b", "99999999999999999999"},  // past int64: kept exactly
                         {"c", -150.0},
                         {"d", 2.5},
                         {"e", false},
                         {"f", "x"}}));
}
