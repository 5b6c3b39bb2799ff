#define BOOST_TEST_MODULE storage_text_node_text
#include "storage/text/node_text.hpp"

#include <boost/test/unit_test.hpp>

using namespace ds;
using namespace ds::storage;

namespace {

std::unique_ptr<NodeText> make(NodeTextOptions options = {}) {
  auto text = NodeText::create(std::move(options));
  BOOST_REQUIRE_MESSAGE(text.ok(), (text.ok() ? "" : text.error().message));
  return std::move(text).value();
}

using Terms = std::vector<std::string>;

}  // namespace

BOOST_AUTO_TEST_CASE(the_configured_properties_are_the_text_in_their_order) {
  auto text = make();  // lemmas, then gloss
  Properties dog{{"gloss", "a member of the genus Canis"},
                 {"lemmas", Value::List{"dog", "domestic_dog"}},
                 {"pos", "n"}};
  BOOST_TEST(text->text(dog) == "dog\ndomestic_dog\na member of the genus Canis");
  BOOST_TEST((text->terms(dog) == Terms{"dog", "domest", "dog", "member", "genus", "cani"}));
}

BOOST_AUTO_TEST_CASE(values_that_are_not_text_are_left_out) {
  auto text = make({{"title", "tags"}, {}});
  Properties node{{"title", int64_t{42}}, {"tags", Value::List{"red", int64_t{7}, Value{}, "Blue"}}};
  BOOST_TEST(text->text(node) == "red\nBlue");
  BOOST_TEST(text->text(Properties{{"other", "words"}}).empty());
  BOOST_TEST(text->terms(Properties{}).empty());
}

BOOST_AUTO_TEST_CASE(an_unknown_language_is_an_error) {
  NodeTextOptions options;
  options.tokenizer.language = "klingon";
  auto text = NodeText::create(options);
  BOOST_REQUIRE(!text.ok());
  BOOST_TEST(text.error().message.find("klingon") != std::string::npos);
}
