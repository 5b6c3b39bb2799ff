#pragma once

// Text mode: a plain-language question answered from the graph, in four steps
// over a GraphSource (docs/query-engine.md, "Text mode"):
//   1. retrieve: BM25 over the full-text index and the nearest neighbours in
//      the `text` vector space, `retrieve` hits each;
//   2. fuse the two rankings by reciprocal rank fusion (rank_fusion.hpp);
//   3. expand: the relations of the best `seeds` hits, both directions;
//   4. rank the hits and their neighbours (answer_ranking.hpp) and keep, per
//      entity, the question terms its text matches and the relations that
//      join it to the hits (its evidence).
// A retriever this node lacks (full text off, no `text` space) is skipped
// and the answer says which ran; with neither the question fails.

#include <functional>
#include <string>
#include <vector>

#include "query/exec/graph_source.hpp"
#include "storage/text/node_text.hpp"

namespace ds::query::text {

struct QuestionOptions {
  uint32_t retrieve = 100;            ///< hits each retriever contributes
  double rrf_k = 60;                  ///< reciprocal rank fusion's k
  uint32_t seeds = 20;                ///< fused hits whose relations are expanded
  double spread = 0.5;                ///< share of a seed's score each neighbour gets
  uint32_t candidates = 200;          ///< entities loaded and ranked at most
  uint32_t evidence = 3;              ///< relations shown per entity at most
  std::string space = "text";         ///< the vector space of the built-in encoder
};

/// A relation between an answer entity and a retrieval hit.
struct Evidence {
  std::string type;
  bool outgoing = true;  ///< entity -> hit; false: hit -> entity
  storage::Node hit;
  std::vector<std::string> hit_terms;  ///< the question's words the hit matches
};

struct RankedEntity {
  storage::Node node;
  double score = 0;
  std::vector<std::string> matched_terms;  ///< the question's words its own text matches
  std::vector<Evidence> evidence;          ///< strongest hits first
};

struct TextAnswer {
  std::string question;
  std::vector<std::string> terms;       ///< the question's searchable words
  std::vector<std::string> retrievers;  ///< those that ran: "bm25", "vector:<space>"
  std::vector<RankedEntity> entities;   ///< best first, at most the limit
};

/// Answers `question` with at most `limit` entities. `node_text` says which
/// properties are a node's text and how they become terms (the full-text
/// index's settings). `done` runs once, maybe after this returns.
void answer_question(std::string question, std::size_t limit, const QuestionOptions& options,
                     std::shared_ptr<const storage::NodeText> node_text, GraphSource& source,
                     std::function<void(QueryResult<TextAnswer>)> done);

}  // namespace ds::query::text
