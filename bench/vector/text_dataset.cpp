#include "bench/vector/text_dataset.hpp"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "bench/support/wordnet_queries.hpp"
#include "storage/import/wordnet_source.hpp"
#include "storage/text/node_text.hpp"
#include "storage/text/text_encoder.hpp"

namespace ds::vector_bench {

Result<Dataset> text_dataset(const std::filesystem::path& wordnet, uint32_t dim,
                             std::size_t query_count, uint64_t seed) {
  auto node_text = storage::NodeText::create({});
  if (!node_text) return node_text.error();
  auto source = storage::open_wordnet(wordnet);
  if (!source) return source.error();
  std::vector<std::string> texts;
  std::unordered_map<std::string, uint64_t> df;
  while (true) {
    auto batch = (*source)->next(4096);
    if (!batch) return batch.error();
    if (!*batch) break;
    for (const auto& node : (*batch)->nodes) {
      auto text = (*node_text)->text(node.properties);
      auto terms = (*node_text)->terms(node.properties);
      if (terms.empty()) continue;
      for (const auto& term : std::unordered_set<std::string>(terms.begin(), terms.end()))
        ++df[term];
      texts.push_back(std::move(text));
    }
  }
  storage::TextEncoder encoder((*node_text)->tokenizer(), {dim});
  auto documents = static_cast<uint64_t>(texts.size());
  auto idf = [&](const std::string& term) {
    auto found = df.find(term);
    return storage::smooth_idf(documents, found == df.end() ? 0 : found->second);
  };
  Dataset data;
  data.dim = dim;
  for (const auto& text : texts) {
    auto row = encoder.encode(text, idf);
    data.base.insert(data.base.end(), row.begin(), row.end());
  }
  auto queries = bench::gloss_queries(wordnet, query_count, seed);
  if (!queries) return queries.error();
  for (const auto& query : *queries) {
    auto row = encoder.encode(query, idf);
    data.queries.insert(data.queries.end(), row.begin(), row.end());
  }
  return data;
}

}  // namespace ds::vector_bench
