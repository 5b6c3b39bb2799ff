#define BOOST_TEST_MODULE storage_text_tokenizer
#include "storage/text/tokenizer.hpp"

#include <boost/test/unit_test.hpp>

using namespace ds;
using namespace ds::storage;

namespace {

std::unique_ptr<Tokenizer> make(const TokenizerOptions& options = {}) {
  auto tokenizer = Tokenizer::create(options);
  BOOST_REQUIRE_MESSAGE(tokenizer.ok(), (tokenizer.ok() ? "" : tokenizer.error().message));
  return std::move(tokenizer).value();
}

using Terms = std::vector<std::string>;

}  // namespace

BOOST_AUTO_TEST_CASE(english_text_is_split_lowered_filtered_and_stemmed) {
  auto t = make();
  BOOST_TEST((t->terms("The dog barked all night!") == Terms{"dog", "bark", "night"}));
  BOOST_TEST((t->terms("dogs, Dogs; DOGS") == Terms{"dog", "dog", "dog"}));
  BOOST_TEST((t->terms("domestic_dog (Canis familiaris)") ==
              Terms{"domest", "dog", "cani", "familiari"}));
  BOOST_TEST((t->terms("") == Terms{}));
  BOOST_TEST((t->terms("  --  ") == Terms{}));
}

BOOST_AUTO_TEST_CASE(case_and_letters_are_unicode) {
  auto t = make({"none", false});
  BOOST_TEST((t->terms("ÉCOLE Straße ΣΟΦΙΑ Москва") == Terms{"école", "straße", "σοφια", "москва"}));
  BOOST_TEST((t->terms("a1b2 3.14") == Terms{"a1b2", "3", "14"}));
  BOOST_TEST((t->terms("caf\xe9 bar") == Terms{"caf", "bar"}));  // a stray byte splits
}

BOOST_AUTO_TEST_CASE(stop_words_and_stemming_can_be_turned_off) {
  BOOST_TEST((make({"english", false})->terms("the running dogs") == Terms{"the", "run", "dog"}));
  // The stop list is English: no stemmer, no list.
  BOOST_TEST((make({"none", true})->terms("The running dogs") == Terms{"the", "running", "dogs"}));
  BOOST_TEST((make({"german", true})->terms("Häuser") == Terms{"haus"}));
}

BOOST_AUTO_TEST_CASE(an_unknown_language_lists_the_known_ones) {
  auto bad = Tokenizer::create({"klingon", true});
  BOOST_REQUIRE(!bad.ok());
  BOOST_TEST(bad.error().message.find("language: no Snowball stemmer for \"klingon\"; known: ") ==
             0u);
  BOOST_TEST(bad.error().message.find("english") != std::string::npos);
}
