#include "storage/import/csv_reader.hpp"

#include "storage/import/text_checks.hpp"

namespace ds::storage {
namespace {

/// A record longer than this is refused, so that a quote never closed does
/// not pull the rest of a large file into memory.
constexpr std::size_t kMaxRecordBytes = std::size_t{64} << 20;

class RecordParser {
 public:
  RecordParser(LineReader& reader, CsvRecord& record) : reader_(reader), record_(record) {}

  Result<bool> read() {
    std::string line;
    do {
      if (!reader_.next(line)) return false;
    } while (line.empty());
    record_.fields.clear();
    record_.line = reader_.line_number();
    std::size_t bytes = 0;
    for (;;) {
      if (bad_utf8_.empty()) {
        if (auto why = invalid_utf8_reason(line); !why.empty()) bad_utf8_ = on_later_line() + why;
      }
      if (auto ok = scan(line); !ok) return ok.error();
      if (state_ != State::quoted) break;
      bytes += line.size() + 1;
      if (bytes > kMaxRecordBytes)
        return fail("the quoted field opened at " + quote_opened_ +
                    " runs over 64 MiB: is its closing quote missing?");
      if (!reader_.next(line))
        return fail("truncated record: the quoted field opened at " + quote_opened_ +
                    " is not closed before the end of the file");
      field_.text += '\n';
    }
    end_field();
    if (!bad_utf8_.empty()) return fail(bad_utf8_);
    return true;
  }

 private:
  enum class State { field_start, unquoted, quoted, quote_in_quoted };

  /// One line of the record, continuing the state the last one left.
  Result<void> scan(std::string_view line) {
    for (std::size_t i = 0; i < line.size(); ++i) {
      char c = line[i];
      switch (state_) {
        case State::field_start:
          if (c == '"') {
            field_.quoted = true;
            quote_opened_ = position(line, i);
            state_ = State::quoted;
          } else if (c == ',') {
            end_field();
          } else {
            field_.text += c;
            state_ = State::unquoted;
          }
          break;
        case State::unquoted:
          if (c == ',') {
            end_field();
          } else if (c == '"') {
            return fail(position(line, i) +
                        ": a quote inside an unquoted field (quote the whole field and double "
                        "the quote: \"5\"\" tall\")");
          } else {
            field_.text += c;
          }
          break;
        case State::quoted:
          if (c == '"')
            state_ = State::quote_in_quoted;
          else
            field_.text += c;
          break;
        case State::quote_in_quoted:
          if (c == '"') {
            field_.text += '"';
            state_ = State::quoted;
          } else if (c == ',') {
            end_field();
          } else {
            return fail(position(line, i) +
                        ": text after the closing quote of a field (a quote inside quotes is "
                        "written \"\")");
          }
          break;
      }
    }
    return {};
  }

  void end_field() {
    record_.fields.push_back(std::move(field_));
    field_ = CsvField{};
    state_ = State::field_start;
  }

  /// "column C", or "line L, column C" on a line after the record's first.
  std::string position(std::string_view line, std::size_t byte) const {
    return on_later_line() + "column " + std::to_string(column_at(line, byte));
  }
  std::string on_later_line() const {
    auto line = reader_.line_number();
    return line == record_.line ? "" : "line " + std::to_string(line) + ", ";
  }

  Error fail(const std::string& what) const { return csv_error(reader_, record_.line, what); }

  LineReader& reader_;
  CsvRecord& record_;
  CsvField field_;
  State state_ = State::field_start;
  std::string quote_opened_;  // where the open quoted field began, for messages
  std::string bad_utf8_;      // the first invalid UTF-8, reported once the record is read
};

}  // namespace

Result<bool> read_csv_record(LineReader& reader, CsvRecord& record) {
  return RecordParser(reader, record).read();
}

Error csv_error(const LineReader& reader, uint64_t line, const std::string& what) {
  return make_error(errc::invalid_argument,
                    reader.path().string() + ":" + std::to_string(line) + ": " + what);
}

}  // namespace ds::storage
