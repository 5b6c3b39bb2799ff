#include "bench/graph/cases.hpp"

#include <algorithm>
#include <fstream>
#include <random>
#include <utility>

namespace ds::graph_bench {

std::vector<Case> expansion_cases() {
  std::vector<Case> cases;
  for (uint32_t hops : {1u, 2u, 3u})
    for (auto types : {std::vector<std::string>{"hypernym"}, std::vector<std::string>{"hyponym"},
                       std::vector<std::string>{}})
      cases.push_back({hops, types});
  return cases;
}

Result<std::vector<std::string>> synset_keys(const std::filesystem::path& dir) {
  std::vector<std::string> keys;
  for (auto [file, letter] : {std::pair{"data.noun", 'n'}, std::pair{"data.verb", 'v'},
                              std::pair{"data.adj", 'a'}, std::pair{"data.adv", 'r'}}) {
    std::ifstream in(dir / file);
    if (!in) return make_error(errc::not_found, (dir / file).string() + ": cannot open");
    std::string line;
    while (std::getline(in, line))
      if (line.size() > 8 && line[0] != ' ') keys.push_back(letter + line.substr(0, 8));
  }
  return keys;
}

std::vector<std::string> sample(std::vector<std::string> keys, std::size_t count, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::shuffle(keys.begin(), keys.end(), random);
  keys.resize(std::min(count, keys.size()));
  return keys;
}

}  // namespace ds::graph_bench
