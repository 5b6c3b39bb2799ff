#include "storage/import/tsv_source.hpp"

#include <array>
#include <string_view>
#include <utility>

#include "storage/import/input_files.hpp"
#include "storage/import/text_checks.hpp"

namespace ds::storage {
namespace {

constexpr std::array<std::string_view, 3> kFieldNames{"head", "relation", "tail"};

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> fields;
  for (;;) {
    auto tab = line.find('\t');
    fields.push_back(line.substr(0, tab));
    if (tab == std::string_view::npos) return fields;
    line.remove_prefix(tab + 1);
  }
}

Result<EdgeItem> read_edge(const LineReader& reader, std::string_view line) {
  if (auto why = invalid_utf8_reason(line); !why.empty()) return reader.error(why);
  auto fields = split_tabs(line);
  if (fields.size() != kFieldNames.size())
    return reader.error("expected 3 tab-separated fields (head, relation, tail), got " +
                        std::to_string(fields.size()));
  for (std::size_t i = 0; i < fields.size(); ++i) {
    auto what = "field " + std::to_string(i + 1) + " (" + std::string(kFieldNames[i]) + ")";
    auto why = i == 1 ? check_name(fields[i], what) : check_key(fields[i], what);
    if (!why.empty()) return reader.error(why);
  }
  return EdgeItem{std::string(fields[0]), std::string(fields[1]), std::string(fields[2]), {}};
}

class TsvSource final : public ImportSource {
 public:
  explicit TsvSource(InputFiles files) : files_(std::move(files)) {}

  Result<std::optional<ImportBatch>> next(std::size_t max_items) override {
    std::string line;
    while (pending_.size() < max_items) {
      auto reader = files_.current();
      if (!reader) return reader.error();
      if (!*reader) break;
      if (!(*reader)->next(line)) {
        files_.finish_current();
        continue;
      }
      if (line.empty()) continue;
      auto edge = read_edge(**reader, line);
      if (!edge) return edge.error();  // pending_ keeps what came before
      pending_.edges.push_back(std::move(edge).value());
    }
    if (pending_.size() == 0) return std::optional<ImportBatch>{};
    return std::optional<ImportBatch>{std::exchange(pending_, ImportBatch{})};
  }

  ImportProgress progress() const override { return files_.progress(); }

 private:
  InputFiles files_;
  ImportBatch pending_;  // items read before a bad line wait here for the next call
};

}  // namespace

Result<std::unique_ptr<ImportSource>> open_tsv(std::vector<std::filesystem::path> paths) {
  auto files = InputFiles::open("tsv", std::move(paths));
  if (!files) return files.error();
  return std::unique_ptr<ImportSource>(new TsvSource(std::move(files).value()));
}

}  // namespace ds::storage
