#include "storage/import/input_files.hpp"

#include <string>
#include <utility>

namespace ds::storage {

Result<InputFiles> InputFiles::open(std::string_view format,
                                    std::vector<std::filesystem::path> paths) {
  if (paths.empty())
    return make_error(errc::invalid_argument, std::string(format) + " needs at least one file");
  InputFiles files;
  for (const auto& path : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
      return make_error(errc::invalid_argument, path.string() + ": is a directory; " +
                                                    std::string(format) +
                                                    " reads files (name each one)");
    auto reader = LineReader::open(path);  // says "cannot open" and why
    if (!reader) return reader.error();
    files.bytes_total_ += reader->bytes_total();
  }
  files.paths_ = std::move(paths);
  return files;
}

Result<LineReader*> InputFiles::current() {
  if (!reader_) {
    if (index_ == paths_.size()) return nullptr;
    auto opened = LineReader::open(paths_[index_]);
    if (!opened) {
      ++index_;  // so that a caller skipping bad input does not ask again forever
      return opened.error();
    }
    reader_.emplace(std::move(opened).value());
  }
  return &*reader_;
}

void InputFiles::finish_current() {
  if (reader_) bytes_done_ += reader_->bytes_total();
  reader_.reset();
  ++index_;
}

ImportProgress InputFiles::progress() const {
  return {bytes_done_ + (reader_ ? reader_->bytes_done() : 0), bytes_total_};
}

}  // namespace ds::storage
