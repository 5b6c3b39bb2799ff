#pragma once

// The WordNet 3.0 database (Debian's wordnet-base: /usr/share/wordnet) as an
// ImportSource. The mapping, which users write queries against (README):
// - one node per synset, label Synset, key and `id` = the data file's pos
//   letter (n, v, a, r) + the 8-digit offset, e.g. n02084071;
// - `name` in NLTK form <first lemma lower-cased>.<pos>.<NN>, pos one of
//   n, v, a, s (adjective satellite), r, NN that lemma's sense number for the
//   synset (its position in index.<pos>), e.g. dog.n.01;
// - `pos`, `lemmas` (adjective markers such as (a) removed, underscores
//   kept), `gloss` (after "| ", trimmed), `lexname` (lexnames(5), e.g.
//   noun.animal);
// - one edge per pointer, lexical pointers lifted to their synsets, identical
//   (src, type, dst) once; types named in wordnet_source.cpp.
// All nodes come first, then all edges (two passes over the data files), so
// every edge's endpoints exist when it arrives.

#include <filesystem>
#include <memory>

#include "storage/import/import_source.hpp"

namespace ds::storage {

inline constexpr const char* kWordNetDefaultDir = "/usr/share/wordnet";

/// Reads the index files at once (they give the sense numbers); the data
/// files stream. Fails when a file is missing or an index line is malformed.
Result<std::unique_ptr<ImportSource>> open_wordnet(const std::filesystem::path& dir);

}  // namespace ds::storage
