#pragma once

// The requests the benchmark sends: seven workloads over the WordNet demo
// graph, each request's parameters drawn at random from a sample of WordNet
// read in this process (the synsets' keys, queries of gloss words).

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/query/load_generator.hpp"
#include "common/result.hpp"

namespace ds::query_bench {

/// What the requests draw from; read once, then only read by the client threads.
struct WordNetSample {
  /// Every synset's node key, as the demo import writes it: the data file's
  /// pos letter (n, v, a, r; satellites are in data.adj, so `a`) and the
  /// 8-digit offset, e.g. n02084071 for dog.n.01.
  std::vector<std::string> keys;
  std::vector<std::string> noun_keys;      ///< the keys that start with n
  std::vector<std::string> gloss_queries;  ///< 2-4 words from random glosses
};

/// Reads the synsets' keys through the project's own WordNet reader (so the
/// keys are the ones the server's import wrote) and `queries` gloss queries
/// (bench/support/wordnet_queries) from `seed`.
Result<WordNetSample> sample_wordnet(const std::filesystem::path& wordnet, std::size_t queries,
                                     uint64_t seed);

struct Workload {
  std::string name;   ///< what --workload selects: key, 2hop, closure, vector, bm25, text, create
  std::string query;  ///< the request, for the printout
  std::string drawn;  ///< what its parameters are drawn from
  BodyMaker body;
};

/// The names of the workloads, in the order they run.
const std::vector<std::string>& workload_names();

/// The workloads named `names` (of workload_names()), in that order; their
/// bodies read `sample`, which must outlive them.
std::vector<Workload> make_workloads(const WordNetSample& sample,
                                     const std::vector<std::string>& names);

}  // namespace ds::query_bench
