#pragma once

// Text to index terms, the same for documents and queries: split on
// everything that is not a letter or digit (Unicode), lower-case (Unicode, via
// the C.UTF-8 locale's case tables), drop stop words, stem with Snowball
// (libstemmer). "The dogs barked" -> ["dog", "bark"].

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "common/result.hpp"

struct sb_stemmer;

namespace ds::storage {

struct TokenizerOptions {
  std::string language = "english";  ///< a Snowball algorithm; "none" turns stemming off
  bool stop_words = true;  ///< with english: drop Snowball's English stop words (no other lists yet)
};

class Tokenizer {
 public:
  /// Fails for a language libstemmer does not know, listing the ones it does.
  static Result<std::unique_ptr<Tokenizer>> create(const TokenizerOptions& options = {});
  ~Tokenizer();
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  /// The terms of `text`, in order, repeats kept (term frequencies count
  /// them). Invalid UTF-8 bytes separate words, like punctuation.
  std::vector<std::string> terms(std::string_view text) const;

 private:
  Tokenizer() = default;
  std::string stem(const std::string& word) const;

  sb_stemmer* stemmer_ = nullptr;  // null: no stemming
  mutable std::mutex stemmer_mutex_;  // libstemmer keeps per-stemmer state
  std::unordered_set<std::string> stop_words_;
};

}  // namespace ds::storage
