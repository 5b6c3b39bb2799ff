#pragma once

// Tab-separated triples, one edge per line: head<TAB>relation<TAB>tail, the
// layout of the FB15k, FB15k-237 and WN18RR benchmark files. Each line is an
// edge head -[relation]-> tail; the nodes are implicit (the gateway creates
// bare nodes for keys it has not seen). Fields are taken verbatim: no
// quoting, no escapes (a backslash is just a character), no trimming. Empty
// lines are skipped; anything but three non-empty fields is a bad line.

#include <filesystem>
#include <memory>
#include <vector>

#include "storage/import/import_source.hpp"

namespace ds::storage {

/// Fails when `paths` is empty or a file cannot be opened; the files stream
/// in the order given.
Result<std::unique_ptr<ImportSource>> open_tsv(std::vector<std::filesystem::path> paths);

}  // namespace ds::storage
