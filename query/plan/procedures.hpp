#pragma once

// The procedures a query may CALL, with the names users know from Neo4j.
// Each yields rows of (node, score):
//   db.index.vector.queryNodes(space, k, vector or text)  the k nearest nodes
//       in a vector space (text: the built-in encoder, space "text" only);
//       score as the search API gives it: similarity for ip and cosine,
//       distance for l2
//   db.index.fulltext.queryNodes(index, text [, {limit: n}])  BM25 over the
//       full-text index (named "text": the text.properties of every node),
//       best first, at most `limit` (default 100)

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace ds::query {

enum class Procedure : uint8_t { vector_query_nodes, fulltext_query_nodes, kg_similar };

struct ProcedureInfo {
  std::string_view name;
  Procedure procedure;
  uint8_t min_args;
  uint8_t max_args;
  std::string_view signature;  ///< for errors: "(space, k, vector_or_text)"
  std::array<std::string_view, 2> outputs;
};

/// Case-sensitive, as Neo4j's procedure names are.
std::optional<ProcedureInfo> find_procedure(std::string_view name);
std::span<const ProcedureInfo> all_procedures();

/// The full-text index's name in db.index.fulltext.queryNodes.
inline constexpr std::string_view kFullTextIndex = "text";
inline constexpr int64_t kFullTextDefaultLimit = 100;

}  // namespace ds::query
