#include "storage/import/line_reader.hpp"

#include <cerrno>
#include <cstring>

namespace ds::storage {

Result<LineReader> LineReader::open(const std::filesystem::path& path) {
  LineReader reader;
  reader.path_ = path;
  reader.buffer_.resize(1 << 20);
  reader.in_ = std::make_unique<std::ifstream>();
  reader.in_->rdbuf()->pubsetbuf(reader.buffer_.data(),
                                 static_cast<std::streamsize>(reader.buffer_.size()));
  reader.in_->open(path, std::ios::binary);
  if (!*reader.in_)
    return make_error(errc::not_found, path.string() + ": cannot open: " + std::strerror(errno));
  std::error_code ec;
  reader.size_ = std::filesystem::file_size(path, ec);
  return reader;
}

bool LineReader::next(std::string& line) {
  if (!std::getline(*in_, line)) return false;
  ++line_number_;
  line_offset_ = next_offset_;
  next_offset_ += line.size() + (in_->eof() ? 0 : 1);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

Error LineReader::error(const std::string& what) const {
  return make_error(errc::invalid_argument,
                    path_.string() + ":" + std::to_string(line_number_) + ": " + what);
}

}  // namespace ds::storage
