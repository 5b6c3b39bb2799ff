#define BOOST_TEST_MODULE storage_import_wordnet
#include "storage/import/wordnet_source.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <boost/test/unit_test.hpp>

#include "common/testing/temp_dir.hpp"

using namespace ds;
using namespace ds::storage;
namespace fs = std::filesystem;

namespace {

struct Everything {
  std::map<std::string, NodeItem> nodes;
  std::vector<EdgeItem> edges;
  std::size_t batches = 0;
};

Everything read_all(ImportSource& source, std::size_t batch = 10'000) {
  Everything all;
  for (;;) {
    auto next = source.next(batch);
    BOOST_REQUIRE_MESSAGE(next.ok(), (next.ok() ? "" : next.error().message));
    if (!*next) break;
    ++all.batches;
    for (auto& node : (*next)->nodes)
      all.nodes.emplace(node.key, std::move(node));
    for (auto& edge : (*next)->edges)
      all.edges.push_back(std::move(edge));
  }
  return all;
}

/// A copy of the WordNet database with one data line replaced.
struct BrokenCopy {
  testing::TempDir temp{"ds-wordnet"};
  const fs::path& dir = temp.path();
  BrokenCopy(const std::string& file, const std::string& original_prefix,
             const std::string& replacement) {
    for (const auto& entry : fs::directory_iterator(kWordNetDefaultDir))
      fs::copy_file(entry.path(), dir / entry.path().filename());
    std::ifstream in(dir / file);
    std::stringstream text;
    text << in.rdbuf();
    auto content = text.str();
    auto at = content.find("\n" + original_prefix);
    BOOST_REQUIRE(at != std::string::npos);
    auto end = content.find('\n', at + 1);
    content.replace(at + 1, end - at - 1, replacement);
    std::ofstream(dir / file) << content;
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(the_whole_database_maps_to_the_documented_graph) {
  auto source = open_wordnet(kWordNetDefaultDir);
  BOOST_REQUIRE_MESSAGE(source.ok(), (source.ok() ? "" : source.error().message));
  auto all = read_all(**source);
  BOOST_TEST(all.nodes.size() == 117'659u);
  BOOST_TEST(all.edges.size() == 364'552u);
  std::map<std::string, std::size_t> by_type;
  std::set<std::tuple<std::string, std::string, std::string>> distinct;
  for (const auto& e : all.edges) {
    ++by_type[e.type];
    distinct.emplace(e.src, e.type, e.dst);
    BOOST_REQUIRE_MESSAGE(all.nodes.count(e.dst), e.src << " -" << e.type << "-> " << e.dst);
  }
  BOOST_TEST(distinct.size() == all.edges.size());  // identical triples once
  BOOST_TEST(by_type["hypernym"] == 89'089u);
  BOOST_TEST(by_type.size() == 26u);
  auto progress = (*source)->progress();
  BOOST_TEST(progress.bytes_done == progress.bytes_total);

  const auto& dog = all.nodes.at("n02084071");
  BOOST_TEST((dog.labels == std::vector<std::string>{"Synset"}));
  BOOST_TEST((dog.properties.at("name") == Value("dog.n.01")));
  BOOST_TEST((dog.properties.at("id") == Value("n02084071")));
  BOOST_TEST((dog.properties.at("pos") == Value("n")));
  BOOST_TEST((dog.properties.at("lexname") == Value("noun.animal")));
  BOOST_TEST((dog.properties.at("lemmas") ==
              Value(Value::List{"dog", "domestic_dog", "Canis_familiaris"})));
  auto gloss = std::get<std::string>(dog.properties.at("gloss").data);
  BOOST_TEST(gloss.rfind("a member of the genus Canis", 0) == 0u);
  BOOST_TEST(gloss.back() == '"');
  std::size_t hypernyms = 0, hyponyms = 0;
  for (const auto& e : all.edges) {
    if (e.src != "n02084071") continue;
    hypernyms += e.type == "hypernym";
    hyponyms += e.type == "hyponym";
  }
  BOOST_TEST(hypernyms == 2u);
  BOOST_TEST(hyponyms == 18u);
}

BOOST_AUTO_TEST_CASE(satellites_verbs_and_markers_follow_nltk_names) {
  auto source = open_wordnet(kWordNetDefaultDir);
  BOOST_REQUIRE(source.ok());
  auto all = read_all(**source, 50'000);
  std::map<std::string, const NodeItem*> by_name;
  for (const auto& [key, node] : all.nodes)
    by_name[std::get<std::string>(node.properties.at("name").data)] = &node;
  BOOST_TEST(by_name.size() == all.nodes.size());  // names are unique
  BOOST_REQUIRE(by_name.count("run.v.01"));
  BOOST_TEST(by_name.at("run.v.01")->key.front() == 'v');
  BOOST_REQUIRE(by_name.count("quickly.r.01"));
  // Satellites: pos s in name and property, key letter a.
  std::size_t satellites = 0;
  for (const auto& [name, node] : by_name)
    if (name.find(".s.") != std::string::npos) {
      ++satellites;
      BOOST_TEST(node->key.front() == 'a');
      BOOST_TEST((node->properties.at("pos") == Value("s")));
    }
  BOOST_TEST(satellites > 10'000u);
  // No lemma keeps an adjective marker such as (a) or (ip).
  for (const auto& [key, node] : all.nodes)
    for (const auto& lemma : std::get<Value::List>(node.properties.at("lemmas").data))
      BOOST_REQUIRE(std::get<std::string>(lemma.data).find('(') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_truncated_line_names_file_and_line) {
  BrokenCopy copy("data.verb", "00001740",
                  "00001740 29 v 04 breathe 0 take_a_breath 0 respire 0 supp");
  auto source = open_wordnet(copy.dir);
  BOOST_REQUIRE(source.ok());
  ImportSource& s = **source;
  Result<std::optional<ImportBatch>> r = std::optional<ImportBatch>{};
  do
    r = s.next(100'000);
  while (r.ok() && *r);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST((r.error().code == errc::invalid_argument));
  BOOST_TEST(r.error().message.find((copy.dir / "data.verb").string() + ":30: ") == 0u,
             r.error().message);
}

BOOST_AUTO_TEST_CASE(an_unknown_pointer_symbol_is_refused) {
  auto line = std::string(
      "00001740 29 v 04 breathe 0 take_a_breath 0 respire 0 suspire 3 021 ?? 00005041 v 0000");
  BrokenCopy copy("data.verb", "00001740", line);
  auto source = open_wordnet(copy.dir);
  BOOST_REQUIRE(source.ok());
  Result<std::optional<ImportBatch>> r = std::optional<ImportBatch>{};
  do
    r = (*source)->next(100'000);
  while (r.ok() && *r);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.error().message.find(":30: ") != std::string::npos, r.error().message);
}

BOOST_AUTO_TEST_CASE(a_missing_directory_says_what_to_install) {
  auto source = open_wordnet("/nonexistent/wordnet");
  BOOST_REQUIRE(!source.ok());
  BOOST_TEST(source.error().message.find("/nonexistent/wordnet/index.noun") == 0u,
             source.error().message);
}
