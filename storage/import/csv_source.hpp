#pragma once

// CSV files in the layout of neo4j-admin import: each file starts with a
// header that says what its columns hold (csv_header.hpp); a header with an
// :ID column makes a node file, one with :START_ID, :END_ID and :TYPE an edge
// file. Fields follow RFC 4180 (csv_reader.hpp). Every node file is read
// before any edge file, whatever the order of the paths, so that an edge's
// endpoints exist when it arrives; files of one kind keep their order.
// A record maps to one NodeItem (key = the :ID field, labels from the :LABEL
// columns, the typed property columns) or one EdgeItem (:START_ID -[:TYPE]->
// :END_ID with its property columns). An empty field sets no property.

#include <filesystem>
#include <memory>
#include <vector>

#include "storage/import/import_source.hpp"

namespace ds::storage {

/// Reads every file's header now: a missing file, an empty one or a bad
/// header (unknown column or type, neither or both of :ID and :START_ID) is
/// an error naming file:line and the column, before anything is imported.
Result<std::unique_ptr<ImportSource>> open_csv(std::vector<std::filesystem::path> paths);

}  // namespace ds::storage
