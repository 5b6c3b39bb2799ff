#pragma once

// A text-mode answer as the two things /api/v1/infer returns: result rows
// (one per entity: the node, its score, the matched words, its evidence as
// typed paths from the entity to each hit), which the CLI prints as a table,
// and the `answer` object, the same ranking in a compact form for clients.

#include <nlohmann/json.hpp>

#include "query/exec/executor.hpp"
#include "query/text/question.hpp"

namespace ds::query::text {

/// Columns: entity, score, matched_terms, evidence.
QueryOutput answer_rows(const TextAnswer& answer);

/// {"question", "terms", "retrievers", "entities": [{"key", "labels",
/// "properties", "score", "matched_terms", "evidence": [{"type", "direction",
/// "hit", "hit_terms", "path"}]}]}; "path" reads "(dog.n.01)-[:hypernym]->(...)".
nlohmann::json answer_json(const TextAnswer& answer);

}  // namespace ds::query::text
