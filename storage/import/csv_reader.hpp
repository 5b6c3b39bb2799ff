#pragma once

// RFC 4180 records: comma-separated fields, a field in double quotes may hold
// commas, line breaks and doubled quotes (""). What the fields mean is the
// business of csv_header and csv_source.

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/import/line_reader.hpp"

namespace ds::storage {

struct CsvField {
  std::string text;     ///< quotes removed, "" undoubled
  bool quoted = false;  ///< written in quotes: tells "" (empty text) from nothing
};

struct CsvRecord {
  std::vector<CsvField> fields;
  uint64_t line = 0;  ///< the line the record starts on
};

/// Reads the next record of `reader` into `record`; false at the end of the
/// file. Blank lines between records are skipped. A line break inside quotes
/// is kept as '\n' (a CRLF file's '\r' is dropped by LineReader). A bad
/// record (a stray quote, an unclosed quote at the end of the file, invalid
/// UTF-8) is an errc::invalid_argument error "path:line: what" with the line
/// the record starts on; the next call goes on after the line where the
/// record was found bad.
Result<bool> read_csv_record(LineReader& reader, CsvRecord& record);

/// "path:line: what" about the record that starts on `line`.
Error csv_error(const LineReader& reader, uint64_t line, const std::string& what);

}  // namespace ds::storage
