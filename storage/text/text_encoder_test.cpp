#define BOOST_TEST_MODULE storage_text_encoder
#include "storage/text/text_encoder.hpp"

#include <algorithm>
#include <cmath>

#include <boost/test/unit_test.hpp>

using namespace ds;
using namespace ds::storage;

namespace {

double cosine(const std::vector<float>& a, const std::vector<float>& b) {
  double dot = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    dot += double{a[i]} * b[i];
  return dot;  // both unit length
}

struct Fixture {
  std::unique_ptr<Tokenizer> tokenizer = std::move(Tokenizer::create()).value();
  TextEncoder encoder{*tokenizer};
  TextEncoder::Idf flat = [](const std::string&) { return 1.0; };
  std::vector<float> encode(const std::string& text) { return encoder.encode(text, flat); }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(vectors_have_unit_length_and_are_deterministic, Fixture) {
  auto v = encode("a member of the genus Canis");
  BOOST_TEST(v.size() == 256u);
  double norm = 0;
  for (float x : v)
    norm += double{x} * x;
  BOOST_TEST(std::abs(norm - 1) < 1e-5);
  BOOST_TEST((v == encode("a member of the genus Canis")));
  auto empty = encode("the of and");  // stop words only
  BOOST_TEST(std::all_of(empty.begin(), empty.end(), [](float x) { return x == 0; }));
}

BOOST_FIXTURE_TEST_CASE(shared_words_and_word_pieces_bring_texts_closer, Fixture) {
  auto dog = encode("the dog barked all night");
  BOOST_TEST(cosine(dog, encode("a dog barking at night")) > cosine(dog, encode("taxes rose sharply")));
  // Morphology through trigrams: no shared stem, shared pieces.
  BOOST_TEST(cosine(encode("domesticated"), encode("domestication")) >
             cosine(encode("domesticated"), encode("volcano")));
}

BOOST_FIXTURE_TEST_CASE(rare_terms_weigh_more, Fixture) {
  TextEncoder::Idf idf = [](const std::string& term) { return term == "canis" ? 5.0 : 1.0; };
  auto query = encoder.encode("canis dog", idf);
  auto rare = encoder.encode("canis", idf), common = encoder.encode("dog", idf);
  BOOST_TEST(cosine(query, rare) > cosine(query, common));
  BOOST_TEST(smooth_idf(100, 1) > smooth_idf(100, 50));
  BOOST_TEST(smooth_idf(100, 100) > 0);
}
