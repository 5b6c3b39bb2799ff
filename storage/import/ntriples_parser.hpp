#pragma once

// The grammar of W3C N-Triples 1.1 (https://www.w3.org/TR/n-triples/): one
// triple per line, its terms with their escapes decoded. What the triples
// mean to the graph is ntriples_source's business.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace ds::storage {

struct RdfTerm {
  enum class Kind { iri, blank_node, literal };
  Kind kind = Kind::iri;
  /// The IRI without its <>, the blank node as "_:label", or the literal's
  /// lexical form; escapes decoded to UTF-8.
  std::string text;
  std::string language;  ///< a literal's language tag, lower-cased; "" when none
  std::string datatype;  ///< a literal's datatype IRI; "" when none
  std::size_t at = 0;    ///< byte offset of the term in its line
};

struct RdfTriple {
  RdfTerm subject;
  RdfTerm predicate;
  RdfTerm object;
};

/// The triple on `line` (without its line break); nullopt for a blank or
/// comment line. A line that is not one triple is an errc::invalid_argument
/// error whose message reads "column N: what was wrong", N counted in
/// characters from 1; the caller puts file:line in front.
Result<std::optional<RdfTriple>> parse_ntriples_line(std::string_view line);

}  // namespace ds::storage
