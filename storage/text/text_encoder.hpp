#pragma once

// The built-in text encoder: text to a fixed-size vector with no model to
// download. Features are the text's terms (tokenized and stemmed, as the
// full-text index has them) and the character trigrams of its words
// ("<dog>" gives "<do", "dog", "og>"), each weighted by tf * idf and added
// into `dim` buckets by feature hashing (the hash picks the bucket and a
// sign), then scaled to unit length, so cosine similarity works on them.
//
// What it captures: shared words (weighted towards rare ones) and shared
// word pieces (morphology: "barking" and "barked" land close; so do typos).
// What it does not: meaning beyond shared words ("dog" and "hound" are as
// far apart as "dog" and "tax").

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/text/tokenizer.hpp"

namespace ds::storage {

/// The vector space of node texts encoded by this encoder (the demo builds
/// it); a search there may send a text instead of a vector.
inline constexpr std::string_view kTextSpaceName = "text";

struct TextEncoderOptions {
  uint32_t dim = 256;
  double trigram_weight = 0.5;  ///< of a trigram relative to its word
};

class TextEncoder {
 public:
  /// `idf(term)`: how rare a term is in the collection (e.g. from the
  /// full-text index's document frequencies); 1 for every term is plain tf.
  using Idf = std::function<double(const std::string& term)>;

  TextEncoder(const Tokenizer& tokenizer, TextEncoderOptions options = {});

  /// The unit vector of `text`; all zeros when it has no terms.
  std::vector<float> encode(std::string_view text, const Idf& idf) const;

  /// The words' terms of `text` as encode() sees them (for document frequencies).
  std::vector<std::string> terms(std::string_view text) const { return tokenizer_.terms(text); }

  uint32_t dim() const { return options_.dim; }

 private:
  void add(std::vector<double>& sums, std::string_view feature, double weight) const;

  const Tokenizer& tokenizer_;
  TextEncoderOptions options_;
};

/// idf = ln((documents + 1) / (df + 1)) + 1: never zero, so a term in every
/// document still counts a little.
double smooth_idf(uint64_t documents, uint64_t df);

}  // namespace ds::storage
