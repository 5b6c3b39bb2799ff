#include "node/text_config.hpp"

namespace ds::node {

storage::NodeTextOptions node_text_options(const TextOptions& text) {
  return {text.properties, {text.language, text.stop_words}};
}

storage::Bm25Params bm25_params(const TextOptions& text) { return {text.bm25_k1, text.bm25_b}; }

Result<std::shared_ptr<const storage::Tokenizer>> query_tokenizer(const TextOptions& text) {
  if (text.properties.empty()) return std::shared_ptr<const storage::Tokenizer>{};
  auto tokenizer = storage::Tokenizer::create(node_text_options(text).tokenizer);
  if (!tokenizer) return make_error(errc::config_error, "text." + tokenizer.error().message);
  return std::shared_ptr<const storage::Tokenizer>(std::move(tokenizer).value());
}

std::shared_ptr<const storage::NodeText> question_text(const TextOptions& text) {
  if (text.properties.empty()) return nullptr;
  auto node_text = storage::NodeText::create(node_text_options(text));
  // The language was checked with the config (query_tokenizer): a failure
  // here only turns text mode off.
  if (!node_text) return nullptr;
  return std::shared_ptr<const storage::NodeText>(std::move(node_text).value());
}

}  // namespace ds::node
