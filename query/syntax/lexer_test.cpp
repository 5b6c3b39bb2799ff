#define BOOST_TEST_MODULE lexer
#include "query/syntax/lexer.hpp"

#include <boost/test/unit_test.hpp>

using namespace ds::query;

namespace {

std::vector<Token> tokens(std::string_view text) {
  auto lexed = lex(text);
  BOOST_REQUIRE_MESSAGE(lexed.ok(), (lexed.ok() ? std::string() : describe(lexed.error(), text)));
  return std::move(lexed).value();
}

std::vector<TokenKind> kinds(std::string_view text) {
  std::vector<TokenKind> out;
  for (const auto& token : tokens(text))
    out.push_back(token.kind);
  return out;
}

QueryError error_of(std::string_view text) {
  auto lexed = lex(text);
  BOOST_REQUIRE(!lexed.ok());
  return lexed.error();
}

}  // namespace

BOOST_AUTO_TEST_CASE(arrows_stay_single_tokens_so_comparisons_with_negatives_work) {
  using K = TokenKind;
  BOOST_TEST((kinds("(a)<-[:r]->(b)") ==
              std::vector<K>{K::lparen, K::identifier, K::rparen, K::lt, K::minus, K::lbracket,
                             K::colon, K::identifier, K::rbracket, K::minus, K::gt, K::lparen,
                             K::identifier, K::rparen, K::end}));
  BOOST_TEST((kinds("a<-1") == std::vector<K>{K::identifier, K::lt, K::minus, K::integer, K::end}));
  BOOST_TEST(
      (kinds("a <> b <= c >= d += e =~ f") ==
       std::vector<K>{K::identifier, K::ne, K::identifier, K::le, K::identifier, K::ge,
                      K::identifier, K::plus_eq, K::identifier, K::regex, K::identifier, K::end}));
}

BOOST_AUTO_TEST_CASE(ranges_are_not_decimals) {
  using K = TokenKind;
  auto lexed = tokens("*1..20");
  BOOST_TEST(
      (kinds("*1..20") == std::vector<K>{K::star, K::integer, K::dotdot, K::integer, K::end}));
  BOOST_TEST(lexed[1].integer == 1);
  BOOST_TEST(lexed[3].integer == 20);
  BOOST_TEST((kinds("*..3") == std::vector<K>{K::star, K::dotdot, K::integer, K::end}));
}

BOOST_AUTO_TEST_CASE(numbers) {
  auto lexed = tokens("42 0x1F 1.5 .5 1e3 2.5E-2 9223372036854775807");
  BOOST_TEST(lexed[0].integer == 42);
  BOOST_TEST(lexed[1].integer == 31);
  BOOST_TEST(lexed[2].decimal == 1.5);
  BOOST_TEST(lexed[3].decimal == 0.5);
  BOOST_TEST((lexed[4].kind == TokenKind::decimal));
  BOOST_TEST(lexed[4].decimal == 1000.0);
  BOOST_TEST(lexed[5].decimal == 0.025);
  BOOST_TEST(lexed[6].integer == INT64_MAX);
}

BOOST_AUTO_TEST_CASE(an_integer_past_int64_is_an_error_at_its_position) {
  auto error = error_of("RETURN 9223372036854775808");
  BOOST_TEST(error.message.find("too large") != std::string::npos);
  BOOST_TEST(error.pos->column == 8u);
}

BOOST_AUTO_TEST_CASE(strings_resolve_escapes) {
  auto lexed = tokens(R"('it\'s' "a \"b\"" 'tab\there' '\u00e9' 'line\nbreak' 'back\\slash')");
  BOOST_TEST(lexed[0].text == "it's");
  BOOST_TEST(lexed[1].text == "a \"b\"");
  BOOST_TEST(lexed[2].text == "tab\there");
  BOOST_TEST(lexed[3].text == "\xC3\xA9");
  BOOST_TEST(lexed[4].text == "line\nbreak");
  BOOST_TEST(lexed[5].text == "back\\slash");
}

BOOST_AUTO_TEST_CASE(string_errors_name_the_problem) {
  auto unterminated = error_of("RETURN 'abc");
  BOOST_TEST(unterminated.message.find("never closed") != std::string::npos);
  BOOST_TEST(unterminated.pos->column == 8u);
  auto escape = error_of(R"(RETURN 'a\qb')");
  BOOST_TEST(escape.message.find("unknown escape \\q") != std::string::npos);
  BOOST_TEST(escape.pos->column == 10u);
  auto surrogate = error_of(R"(RETURN '\uD800')");
  BOOST_TEST(surrogate.message.find("no Unicode character") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(quoted_names_and_parameters) {
  auto lexed = tokens("`my var` `a``b` $name $0 $`odd name`");
  BOOST_TEST(lexed[0].text == "my var");
  BOOST_TEST(lexed[0].quoted);
  BOOST_TEST(lexed[1].text == "a`b");
  BOOST_TEST((lexed[2].kind == TokenKind::parameter));
  BOOST_TEST(lexed[2].text == "name");
  BOOST_TEST(lexed[3].text == "0");
  BOOST_TEST(lexed[4].text == "odd name");
  BOOST_TEST(tokens("`größe`")[0].text == "größe");
  BOOST_TEST(error_of("RETURN $").message.find("parameter name") != std::string::npos);
  BOOST_TEST(error_of("RETURN ``").message.find("empty") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(keywords_are_identifiers_compared_without_case) {
  auto lexed = tokens("match `MATCH` Return");
  BOOST_TEST(lexed[0].is("MATCH"));
  BOOST_TEST(!lexed[1].is("MATCH"));  // quoted: a name, never a keyword
  BOOST_TEST(lexed[2].is("RETURN"));
  BOOST_TEST(!lexed[2].is("RETURNS"));
}

BOOST_AUTO_TEST_CASE(comments_are_skipped_and_positions_track_lines) {
  auto lexed = tokens("MATCH (n) // a comment\n/* a\nblock */ RETURN n");
  BOOST_TEST(lexed[4].text == "RETURN");
  BOOST_TEST(lexed[4].pos.line == 3u);
  BOOST_TEST(lexed[4].pos.column == 10u);
  BOOST_TEST(error_of("RETURN 1 /* open").message.find("never closed") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(columns_count_characters) {
  auto lexed = tokens("RETURN 'Ärger', x");
  BOOST_TEST(lexed[3].text == "x");
  BOOST_TEST(lexed[3].pos.column == 17u);
  BOOST_TEST(lexed[3].pos.offset == 17u);  // Ä is two bytes
  auto name = tokens("RETURN größe");
  BOOST_TEST(name[1].text == "größe");
}

BOOST_AUTO_TEST_CASE(bad_characters_and_encoding) {
  BOOST_TEST(error_of("RETURN a != b").message.find("use <>") != std::string::npos);
  BOOST_TEST(error_of("RETURN #").message.find("'#'") != std::string::npos);
  auto invalid = error_of("RETURN '\xff'");
  BOOST_TEST(invalid.message.find("not valid UTF-8 at byte 8") != std::string::npos);
  BOOST_TEST(invalid.pos->column == 9u);
  BOOST_TEST(error_of("RETURN 12abc").message.find("run into a name") != std::string::npos);
}
