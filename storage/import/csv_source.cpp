#include "storage/import/csv_source.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

#include "storage/import/csv_header.hpp"
#include "storage/import/csv_reader.hpp"
#include "storage/import/input_files.hpp"
#include "storage/import/text_checks.hpp"

namespace ds::storage {
namespace {

struct CsvFile {
  std::filesystem::path path;
  CsvHeader header;
  uint64_t header_line = 0;
};

Result<CsvFile> read_header(const std::filesystem::path& path) {
  auto reader = LineReader::open(path);
  if (!reader) return reader.error();
  CsvRecord record;
  auto found = read_csv_record(*reader, record);
  if (!found) return found.error();
  if (!*found)
    return make_error(errc::invalid_argument,
                      path.string() + ": empty file; a CSV file starts with its header line");
  auto header = parse_csv_header(record.fields);
  if (!header) return csv_error(*reader, record.line, header.error().message);
  return CsvFile{path, std::move(header).value(), record.line};
}

std::vector<std::string_view> split_semicolons(std::string_view text) {
  std::vector<std::string_view> parts;
  for (;;) {
    auto semicolon = text.find(';');
    parts.push_back(text.substr(0, semicolon));
    if (semicolon == std::string_view::npos) return parts;
    text.remove_prefix(semicolon + 1);
  }
}

/// Reads records into NodeItems and EdgeItems; an error's message has no
/// file:line (the source adds them).
class RecordMapper {
 public:
  RecordMapper(const CsvHeader& header, const CsvRecord& record)
      : header_(header), fields_(record.fields) {}

  Result<NodeItem> node() const {
    NodeItem node;
    if (auto ok = key(header_.id, "the node key", node.key); !ok) return ok.error();
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      if (header_.columns[i].role != CsvColumnRole::label) continue;
      for (auto label : split_semicolons(fields_[i].text)) {
        if (label.empty()) continue;
        if (auto why = check_name(label, "a label"); !why.empty()) return fail(i, why);
        if (std::find(node.labels.begin(), node.labels.end(), label) == node.labels.end())
          node.labels.emplace_back(label);
      }
    }
    if (const auto& id = header_.columns[header_.id]; !id.name.empty())
      node.properties.emplace(id.name, node.key);
    if (auto ok = properties(node.properties); !ok) return ok.error();
    return node;
  }

  Result<EdgeItem> edge() const {
    EdgeItem edge;
    if (auto ok = key(header_.start_id, "the source node key", edge.src); !ok) return ok.error();
    if (auto ok = key(header_.end_id, "the target node key", edge.dst); !ok) return ok.error();
    edge.type = fields_[header_.type].text;
    if (auto why = check_name(edge.type, "the relation type"); !why.empty())
      return fail(header_.type, why);
    if (auto ok = properties(edge.properties); !ok) return ok.error();
    return edge;
  }

 private:
  Result<void> key(std::size_t column, std::string_view what, std::string& out) const {
    out = fields_[column].text;
    if (auto why = check_key(out, what); !why.empty()) return fail(column, why);
    return {};
  }

  Result<void> properties(Properties& out) const {
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      if (header_.columns[i].role != CsvColumnRole::property) continue;
      auto value = csv_value(header_, i, fields_[i]);
      if (!value) return value.error();
      if (*value) out.insert_or_assign(header_.columns[i].name, std::move(**value));
    }
    return {};
  }

  Error fail(std::size_t column, const std::string& why) const {
    return make_error(errc::invalid_argument, describe_column(header_, column) + ": " + why);
  }

  const CsvHeader& header_;
  const std::vector<CsvField>& fields_;
};

class CsvSource final : public ImportSource {
 public:
  CsvSource(InputFiles files, std::vector<CsvFile> headers)
      : files_(std::move(files)), headers_(std::move(headers)) {}

  Result<std::optional<ImportBatch>> next(std::size_t max_items) override {
    CsvRecord record;
    while (pending_.size() < max_items) {
      auto reader = files_.current();
      if (!reader) return reader.error();
      if (!*reader) break;
      if (header_skipped_ != files_.index()) {  // read by open_csv already
        header_skipped_ = files_.index();
        auto header = read_csv_record(**reader, record);
        if (!header) return header.error();
        continue;
      }
      auto found = read_csv_record(**reader, record);
      if (!found) return found.error();  // pending_ keeps what came before
      if (!*found) {
        files_.finish_current();
        continue;
      }
      if (auto ok = add(**reader, record); !ok) return ok.error();
    }
    if (pending_.size() == 0) return std::optional<ImportBatch>{};
    return std::optional<ImportBatch>{std::exchange(pending_, ImportBatch{})};
  }

  ImportProgress progress() const override { return files_.progress(); }

 private:
  Result<void> add(const LineReader& reader, const CsvRecord& record) {
    const auto& file = headers_[files_.index()];
    if (record.fields.size() != file.header.columns.size())
      return csv_error(reader, record.line,
                       "expected " + std::to_string(file.header.columns.size()) +
                           " fields as in the header (line " + std::to_string(file.header_line) +
                           "), got " + std::to_string(record.fields.size()));
    RecordMapper mapper(file.header, record);
    if (file.header.edges) {
      auto edge = mapper.edge();
      if (!edge) return csv_error(reader, record.line, edge.error().message);
      pending_.edges.push_back(std::move(edge).value());
    } else {
      auto node = mapper.node();
      if (!node) return csv_error(reader, record.line, node.error().message);
      pending_.nodes.push_back(std::move(node).value());
    }
    return {};
  }

  InputFiles files_;
  std::vector<CsvFile> headers_;                   // in the order of files_: node files first
  std::size_t header_skipped_ = CsvHeader::kNone;  // index of the file whose header is behind
  ImportBatch pending_;  // items read before a bad record wait here for the next call
};

}  // namespace

Result<std::unique_ptr<ImportSource>> open_csv(std::vector<std::filesystem::path> paths) {
  if (auto checked = InputFiles::open("csv", paths); !checked) return checked.error();
  std::vector<CsvFile> node_files, edge_files;
  for (const auto& path : paths) {
    auto file = read_header(path);
    if (!file) return file.error();
    (file->header.edges ? edge_files : node_files).push_back(std::move(file).value());
  }
  std::vector<CsvFile> files = std::move(node_files);
  std::move(edge_files.begin(), edge_files.end(), std::back_inserter(files));
  std::vector<std::filesystem::path> ordered;
  for (const auto& file : files)
    ordered.push_back(file.path);
  auto input = InputFiles::open("csv", std::move(ordered));
  if (!input) return input.error();
  return std::unique_ptr<ImportSource>(new CsvSource(std::move(input).value(), std::move(files)));
}

}  // namespace ds::storage
