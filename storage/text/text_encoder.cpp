#include "storage/text/text_encoder.hpp"

#include <cmath>

#include <xxhash.h>

namespace ds::storage {
namespace {

constexpr uint64_t kFeatureSeed = 0x7465787465ULL;  // "texte": fixed, encodings are stored

}  // namespace

double smooth_idf(uint64_t documents, uint64_t df) {
  return std::log((static_cast<double>(documents) + 1) / (static_cast<double>(df) + 1)) + 1;
}

TextEncoder::TextEncoder(const Tokenizer& tokenizer, TextEncoderOptions options)
    : tokenizer_(tokenizer), options_(options) {}

void TextEncoder::add(std::vector<double>& sums, std::string_view feature, double weight) const {
  auto hash = XXH64(feature.data(), feature.size(), kFeatureSeed);
  auto bucket = static_cast<std::size_t>(hash % options_.dim);
  sums[bucket] += (hash >> 63) ? weight : -weight;  // the sign evens out collisions
}

std::vector<float> TextEncoder::encode(std::string_view text, const Idf& idf) const {
  std::vector<double> sums(options_.dim, 0.0);
  for (const auto& term : tokenizer_.terms(text)) {
    double weight = idf(term);
    add(sums, "w:" + term, weight);
    auto word = "<" + term + ">";
    for (std::size_t i = 0; i + 3 <= word.size(); ++i)
      add(sums, "t:" + word.substr(i, 3), weight * options_.trigram_weight);
  }
  double norm = 0;
  for (double v : sums)
    norm += v * v;
  std::vector<float> out(options_.dim, 0.0f);
  if (norm == 0) return out;
  double scale = 1 / std::sqrt(norm);
  for (std::size_t i = 0; i < sums.size(); ++i)
    out[i] = static_cast<float>(sums[i] * scale);
  return out;
}

}  // namespace ds::storage
