#include "query/query_language.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace ds::query {
namespace {

constexpr std::array<std::string_view, 19> kClauseKeywords = {
    "CALL",   "CREATE",   "DELETE", "DETACH", "EXPLAIN", "FOREACH", "LOAD",
    "MATCH",  "MERGE",    "OPTIONAL", "PROFILE", "REMOVE", "RETURN", "SET",
    "SHOW",   "UNION",    "UNWIND", "USE",    "WITH"};

std::string first_word(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
    ++i;
  std::string word;
  for (; i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])); ++i)
    word.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(text[i]))));
  return word;
}

bool has_cypher_punctuation(std::string_view text) {
  return text.find_first_of("()[]{}$=:<>+-*/%^|") != std::string_view::npos;
}

}  // namespace

QueryLanguage detect_language(std::string_view text, const ParseOptions& options) {
  auto parsed = parse(text, options);
  // Past the parser's limits is Cypher too big to run, not a question.
  if (parsed || parsed.error().code == QueryErrc::too_complex) return QueryLanguage::cypher;
  auto word = first_word(text);
  bool keyword = std::find(kClauseKeywords.begin(), kClauseKeywords.end(), word) !=
                 kClauseKeywords.end();
  return keyword && has_cypher_punctuation(text) ? QueryLanguage::cypher : QueryLanguage::text;
}

}  // namespace ds::query
