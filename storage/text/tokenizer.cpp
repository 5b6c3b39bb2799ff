#include "storage/text/tokenizer.hpp"

#include <clocale>
#include <cwctype>

#include <libstemmer.h>

#include "common/utf8.hpp"

namespace ds::storage {
namespace {

// Snowball's English stop word list (snowballstem.org/algorithms/english/stop.txt).
constexpr const char* kEnglishStopWords[] = {
    "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours",
    "yourself", "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself",
    "it", "its", "itself", "they", "them", "their", "theirs", "themselves", "what", "which",
    "who", "whom", "this", "that", "these", "those", "am", "is", "are", "was", "were", "be",
    "been", "being", "have", "has", "had", "having", "do", "does", "did", "doing", "would",
    "should", "could", "ought", "a", "an", "the", "and", "but", "if", "or", "because", "as",
    "until", "while", "of", "at", "by", "for", "with", "about", "against", "between", "into",
    "through", "during", "before", "after", "above", "below", "to", "from", "up", "down", "in",
    "out", "on", "off", "over", "under", "again", "further", "then", "once", "here", "there",
    "when", "where", "why", "how", "all", "any", "both", "each", "few", "more", "most",
    "other", "some", "such", "no", "nor", "not", "only", "own", "same", "so", "than", "too",
    "very"};

/// The C.UTF-8 locale's character classes and case tables, loaded once.
locale_t utf8_locale() {
  static locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  return locale;
}

}  // namespace

Result<std::unique_ptr<Tokenizer>> Tokenizer::create(const TokenizerOptions& options) {
  if (utf8_locale() == static_cast<locale_t>(nullptr))
    return make_error(errc::internal, "the C.UTF-8 locale is missing (glibc provides it)");
  std::unique_ptr<Tokenizer> tokenizer(new Tokenizer);
  if (options.language != "none") {
    tokenizer->stemmer_ = sb_stemmer_new(options.language.c_str(), "UTF_8");
    if (tokenizer->stemmer_ == nullptr) {
      std::string known;
      for (const char** name = sb_stemmer_list(); *name != nullptr; ++name)
        known += (known.empty() ? "" : ", ") + std::string(*name);
      return make_error(errc::invalid_argument, "language: no Snowball stemmer for \"" +
                                                    options.language + "\"; known: " + known +
                                                    ", or none");
    }
  }
  if (options.stop_words && options.language == "english")
    tokenizer->stop_words_.insert(std::begin(kEnglishStopWords), std::end(kEnglishStopWords));
  return tokenizer;
}

Tokenizer::~Tokenizer() {
  if (stemmer_ != nullptr) sb_stemmer_delete(stemmer_);
}

std::string Tokenizer::stem(const std::string& word) const {
  if (stemmer_ == nullptr) return word;
  std::lock_guard lock(stemmer_mutex_);
  const auto* stemmed = sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(word.data()),
                                        static_cast<int>(word.size()));
  if (stemmed == nullptr) return word;  // out of memory: the word itself still matches itself
  return std::string(reinterpret_cast<const char*>(stemmed),
                     static_cast<std::size_t>(sb_stemmer_length(stemmer_)));
}

std::vector<std::string> Tokenizer::terms(std::string_view text) const {
  std::vector<std::string> out;
  std::string word;
  auto flush = [&] {
    if (!word.empty() && !stop_words_.count(word)) out.push_back(stem(word));
    word.clear();
  };
  auto locale = utf8_locale();
  for (std::size_t i = 0; i < text.size();) {
    auto code = decode_utf8(text, i);
    if (code < 0 || !iswalnum_l(static_cast<wint_t>(code), locale)) {
      flush();
      continue;
    }
    append_utf8(word, static_cast<char32_t>(towlower_l(static_cast<wint_t>(code), locale)));
  }
  flush();
  return out;
}

}  // namespace ds::storage
