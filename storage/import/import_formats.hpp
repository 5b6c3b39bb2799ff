#pragma once

// The import formats by name, for deepseek-cli import --format NAME PATH...

#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include "storage/import/import_source.hpp"

namespace ds::storage {

/// The names open_import_source() accepts.
const std::vector<std::string_view>& import_format_names();

/// The source for `format` over `paths` (wordnet: the database directory,
/// none = /usr/share/wordnet; ntriples, tsv, csv: one or more files). A missing file, an unknown
/// format or a wrong number of paths is an error that says which.
Result<std::unique_ptr<ImportSource>> open_import_source(
    std::string_view format, const std::vector<std::filesystem::path>& paths);

/// Reads the whole input once, writing nothing: the first bad line's error,
/// or how many items the input holds. An import that checks first leaves the
/// store unchanged when any line is bad, not only that line's batch.
Result<uint64_t> check_import_source(std::string_view format,
                                     const std::vector<std::filesystem::path>& paths);

}  // namespace ds::storage
