#include "query/text/question.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "query/text/answer_ranking.hpp"
#include "query/text/rank_fusion.hpp"

namespace ds::query::text {
namespace {

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c & 0x80; }

/// The question's terms, each with the word it came from (the first one):
/// answers show "barks", not the stem "bark".
std::map<std::string, std::string> question_terms(const storage::Tokenizer& tokenizer,
                                                  const std::string& question) {
  std::map<std::string, std::string> terms;
  std::size_t i = 0;
  while (i < question.size()) {
    while (i < question.size() && !is_word_char(question[i]))
      ++i;
    auto start = i;
    while (i < question.size() && !std::isspace(static_cast<unsigned char>(question[i])))
      ++i;
    auto word = question.substr(start, i - start);
    while (!word.empty() && !is_word_char(word.back()))
      word.pop_back();
    for (auto& term : tokenizer.terms(word))
      terms.emplace(std::move(term), word);
  }
  return terms;
}

/// A retriever this node does not have: skipped, not a failure.
bool is_missing(const QueryError& error) {
  return error.cause == errc::unavailable || error.cause == errc::not_found;
}

/// One question on its way through the steps; each step's reply calls the next.
class Asking : public std::enable_shared_from_this<Asking> {
 public:
  Asking(std::string question, std::size_t limit, const QuestionOptions& options,
         std::shared_ptr<const storage::NodeText> node_text, GraphSource& source,
         std::function<void(QueryResult<TextAnswer>)> done)
      : limit_(limit),
        options_(options),
        node_text_(std::move(node_text)),
        source_(source),
        done_(std::move(done)) {
    answer_.question = std::move(question);
    terms_ = question_terms(node_text_->tokenizer(), answer_.question);
    for (const auto& [term, word] : terms_)
      answer_.terms.push_back(word);
    std::sort(answer_.terms.begin(), answer_.terms.end());
    answer_.terms.erase(std::unique(answer_.terms.begin(), answer_.terms.end()),
                        answer_.terms.end());
  }

  void start() {
    if (terms_.empty()) return done_(std::move(answer_));  // only stop words: nothing to find
    source_.search_text(answer_.question, options_.retrieve,
                        [self = shared_from_this()](QueryResult<std::vector<ScoredNode>> hits) {
                          self->retrieved("bm25", std::move(hits), &Asking::search_vectors);
                        });
  }

 private:
  using Step = void (Asking::*)();

  void retrieved(std::string name, QueryResult<std::vector<ScoredNode>> hits, Step next) {
    if (hits) {
      answer_.retrievers.push_back(std::move(name));
      rankings_.push_back(std::move(hits).value());
    } else if (is_missing(hits.error())) {
      skipped_.push_back(std::move(hits).error());
    } else {
      return done_(std::move(hits).error());
    }
    (this->*next)();
  }

  void search_vectors() {
    VectorSearchRequest request{options_.space, options_.retrieve, {}, answer_.question};
    source_.search_vectors(std::move(request), [self = shared_from_this()](
                                                   QueryResult<std::vector<ScoredNode>> hits) {
      self->retrieved("vector:" + self->options_.space, std::move(hits), &Asking::expand);
    });
  }

  void expand() {
    if (rankings_.empty()) {
      auto error = skipped_.front();
      error.message = "text mode needs full-text search or the \"" + options_.space +
                      "\" vector space; this node has neither: " + error.message;
      return done_(std::move(error));
    }
    seeds_ = fuse_ranks(rankings_, options_.rrf_k);
    if (seeds_.size() > options_.seeds) seeds_.resize(options_.seeds);
    std::vector<storage::EntityId> frontier;
    for (const auto& seed : seeds_) {
      frontier.push_back(seed.node.id);
      nodes_.emplace(seed.node.id, seed.node);
    }
    if (frontier.empty()) return done_(std::move(answer_));
    source_.expand(std::move(frontier), {}, storage::Direction::both,
                   [self = shared_from_this()](QueryResult<std::vector<ReachedEdge>> edges) {
                     if (!edges) return self->done_(std::move(edges).error());
                     self->edges_ = std::move(edges).value();
                     self->load_candidates();
                   });
  }

  /// Loads the best-activated candidates that are not seeds: a score is at
  /// most the activation (coverage <= 1), so the rest cannot overtake them.
  void load_candidates() {
    candidates_ = spread_activation(seeds_, edges_, options_.spread);
    if (candidates_.size() > options_.candidates) candidates_.resize(options_.candidates);
    std::vector<storage::EntityId> missing;
    for (const auto& candidate : candidates_)
      if (!nodes_.count(candidate.id)) missing.push_back(candidate.id);
    if (missing.empty()) return rank();
    source_.get_nodes(missing, [self = shared_from_this(), missing](
                                   QueryResult<std::vector<std::optional<storage::Node>>> nodes) {
      if (!nodes) return self->done_(std::move(nodes).error());
      for (auto& node : *nodes)
        if (node) self->nodes_.emplace(node->id, std::move(*node));  // deleted meanwhile: left out
      self->rank();
    });
  }

  /// The question's terms in `id`'s text.
  const std::set<std::string>& matched(storage::EntityId id) {
    auto [at, added] = matched_.try_emplace(id);
    if (added)
      for (auto& term : node_text_->terms(nodes_.at(id).properties))
        if (terms_.count(term)) at->second.insert(std::move(term));
    return at->second;
  }

  std::vector<std::string> words(const std::set<std::string>& terms) const {
    std::set<std::string> out;
    for (const auto& term : terms)
      out.insert(terms_.at(term));
    return {out.begin(), out.end()};
  }

  void rank() {
    std::unordered_map<storage::EntityId, double> seed_score;
    for (const auto& seed : seeds_)
      seed_score.emplace(seed.node.id, seed.score);
    for (const auto& candidate : candidates_) {
      if (!nodes_.count(candidate.id)) continue;
      const auto& own = matched(candidate.id);
      std::set<std::string> via;
      for (auto link : candidate.links)
        for (const auto& term : matched(edges_[link].from))
          if (!own.count(term)) via.insert(term);
      double score =
          candidate.activation * coverage_weight(own.size(), via.size(), terms_.size());
      if (score > 0) answer_.entities.push_back(entity(candidate, score, seed_score));
    }
    std::sort(answer_.entities.begin(), answer_.entities.end(),
              [](const RankedEntity& a, const RankedEntity& b) {
                return a.score != b.score ? a.score > b.score : a.node.key < b.node.key;
              });
    if (answer_.entities.size() > limit_) answer_.entities.resize(limit_);
    done_(std::move(answer_));
  }

  RankedEntity entity(const Candidate& candidate, double score,
                      const std::unordered_map<storage::EntityId, double>& seed_score) {
    RankedEntity out{nodes_.at(candidate.id), score, words(matched(candidate.id)), {}};
    auto links = candidate.links;
    // One relation per hit: graphs often store both directions of one fact
    // (hypernym and hyponym), which would say the same thing twice. The
    // entity's own outgoing relation is kept where there is one.
    std::stable_partition(links.begin(), links.end(),
                          [&](std::size_t link) { return !edges_[link].outgoing; });
    std::stable_sort(links.begin(), links.end(), [&](std::size_t a, std::size_t b) {
      return seed_score.at(edges_[a].from) > seed_score.at(edges_[b].from);
    });
    std::set<storage::EntityId> shown;
    for (auto link : links) {
      if (out.evidence.size() >= options_.evidence) break;
      const auto& edge = edges_[link];
      if (!shown.insert(edge.from).second) continue;
      out.evidence.push_back({edge.type, !edge.outgoing, nodes_.at(edge.from),
                              words(matched(edge.from))});
    }
    return out;
  }

  std::size_t limit_;
  QuestionOptions options_;
  std::shared_ptr<const storage::NodeText> node_text_;
  GraphSource& source_;
  std::function<void(QueryResult<TextAnswer>)> done_;

  TextAnswer answer_;
  std::map<std::string, std::string> terms_;  ///< question term -> its word
  std::vector<std::vector<ScoredNode>> rankings_;
  std::vector<QueryError> skipped_;
  std::vector<FusedHit> seeds_;
  std::vector<ReachedEdge> edges_;
  std::vector<Candidate> candidates_;
  std::unordered_map<storage::EntityId, storage::Node> nodes_;
  std::unordered_map<storage::EntityId, std::set<std::string>> matched_;
};

}  // namespace

void answer_question(std::string question, std::size_t limit, const QuestionOptions& options,
                     std::shared_ptr<const storage::NodeText> node_text, GraphSource& source,
                     std::function<void(QueryResult<TextAnswer>)> done) {
  std::make_shared<Asking>(std::move(question), limit, options, std::move(node_text), source,
                           std::move(done))
      ->start();
}

}  // namespace ds::query::text
