#pragma once

// What of a node is text: the full-text index's document and the text the
// built-in encoder embeds. Both come from the same configured properties
// (WordNet: "lemmas" and "gloss"), so a node is found by the words it is
// indexed under and no others. A property that is a string counts, and so
// does every string in a list; other values are not text.

#include <memory>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "common/value.hpp"
#include "storage/text/tokenizer.hpp"

namespace ds::storage {

struct NodeTextOptions {
  std::vector<std::string> properties = {"lemmas", "gloss"};  ///< in this order
  TokenizerOptions tokenizer;
};

class NodeText {
 public:
  /// Fails for an unknown stemmer language (Tokenizer::create).
  static Result<std::unique_ptr<NodeText>> create(NodeTextOptions options);

  /// The configured properties' text, joined by newlines; empty when the
  /// node has none of them.
  std::string text(const Properties& properties) const;

  /// The index terms of the node's text: its full-text document.
  std::vector<std::string> terms(const Properties& properties) const {
    return tokenizer_->terms(text(properties));
  }

  const Tokenizer& tokenizer() const { return *tokenizer_; }
  const NodeTextOptions& options() const { return options_; }

 private:
  NodeText(NodeTextOptions options, std::unique_ptr<Tokenizer> tokenizer)
      : options_(std::move(options)), tokenizer_(std::move(tokenizer)) {}

  NodeTextOptions options_;
  std::unique_ptr<Tokenizer> tokenizer_;
};

}  // namespace ds::storage
