#include "storage/import/import_formats.hpp"

#include <string>

#include "storage/import/csv_source.hpp"
#include "storage/import/ntriples_source.hpp"
#include "storage/import/tsv_source.hpp"
#include "storage/import/wordnet_source.hpp"

namespace ds::storage {

const std::vector<std::string_view>& import_format_names() {
  static const std::vector<std::string_view> names{"wordnet", "ntriples", "tsv", "csv"};
  return names;
}

Result<std::unique_ptr<ImportSource>> open_import_source(
    std::string_view format, const std::vector<std::filesystem::path>& paths) {
  if (format == "wordnet") {
    if (paths.size() > 1)
      return make_error(errc::invalid_argument,
                        "wordnet takes one path, the database directory (got " +
                            std::to_string(paths.size()) + ")");
    return open_wordnet(paths.empty() ? std::filesystem::path(kWordNetDefaultDir) : paths[0]);
  }
  // Each of these says "<format> needs at least one file" for none.
  if (format == "ntriples") return open_ntriples(paths);
  if (format == "tsv") return open_tsv(paths);
  if (format == "csv") return open_csv(paths);
  std::string known;
  for (auto name : import_format_names())
    known += (known.empty() ? "" : ", ") + std::string(name);
  return make_error(errc::invalid_argument,
                    "unknown format \"" + std::string(format) + "\"; expected one of " + known);
}

Result<uint64_t> check_import_source(std::string_view format,
                                     const std::vector<std::filesystem::path>& paths) {
  auto source = open_import_source(format, paths);
  if (!source) return source.error();
  uint64_t items = 0;
  for (;;) {
    auto batch = (*source)->next(4096);
    if (!batch) return batch.error();
    if (!*batch) return items;
    items += (*batch)->size();
  }
}

}  // namespace ds::storage
