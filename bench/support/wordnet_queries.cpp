#include "bench/support/wordnet_queries.hpp"

#include <algorithm>
#include <cctype>
#include <random>
#include <sstream>
#include <variant>

#include "storage/import/wordnet_source.hpp"

namespace ds::bench {

Result<std::vector<std::string>> gloss_queries(const std::filesystem::path& wordnet,
                                               std::size_t count, uint64_t seed) {
  auto source = storage::open_wordnet(wordnet);
  if (!source) return source.error();
  std::vector<std::string> glosses;
  while (true) {
    auto batch = (*source)->next(4096);
    if (!batch) return batch.error();
    if (!*batch) break;
    for (const auto& node : (*batch)->nodes)
      if (auto gloss = node.properties.find("gloss"); gloss != node.properties.end())
        glosses.push_back(std::get<std::string>(gloss->second.data));
  }
  std::mt19937_64 random(seed);
  std::vector<std::string> queries;
  while (queries.size() < count) {
    std::istringstream in(glosses[random() % glosses.size()]);
    std::vector<std::string> words;
    for (std::string word; in >> word;) {
      std::string letters;
      for (char c : word)
        if (std::isalpha(static_cast<unsigned char>(c))) letters += c;
      if (letters.size() >= 3) words.push_back(letters);
    }
    if (words.size() < 2) continue;
    std::shuffle(words.begin(), words.end(), random);
    words.resize(std::min<std::size_t>(words.size(), 2 + random() % 3));
    std::string query;
    for (const auto& w : words)
      query += (query.empty() ? "" : " ") + w;
    queries.push_back(query);
  }
  return queries;
}

}  // namespace ds::bench
