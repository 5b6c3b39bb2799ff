#include "storage/import/import_formats.hpp"

#include <string>

#include "storage/import/wordnet_source.hpp"

namespace ds::storage {

const std::vector<std::string_view>& import_format_names() {
  static const std::vector<std::string_view> names{"wordnet"};
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
  std::string known;
  for (auto name : import_format_names())
    known += (known.empty() ? "" : ", ") + std::string(name);
  return make_error(errc::invalid_argument,
                    "unknown format \"" + std::string(format) + "\"; expected one of " + known);
}

}  // namespace ds::storage
