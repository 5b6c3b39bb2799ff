#pragma once

// Mode "auto" of /api/v1/infer: is the text Cypher or a plain-language
// question? Cypher when it parses as Cypher. Text that does not parse is a
// question, unless it starts with a Cypher clause keyword and holds Cypher's
// punctuation or operators (`(`, `[`, `{`, `$`, `=`, `:`, `+`, `<`, ...), or
// is past the parser's limits: "MATCH (n RETURN n" is mistyped Cypher and
// gets its syntax error, "show me animals that bark" is a question.

#include <string_view>

#include "query/syntax/parser.hpp"

namespace ds::query {

enum class QueryLanguage { cypher, text };

QueryLanguage detect_language(std::string_view text, const ParseOptions& options);

}  // namespace ds::query
