#include "storage/vector/index_snapshot.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include <fcntl.h>
#include <unistd.h>
#include <xxhash.h>

#include "storage/vector/raw_bytes.hpp"

namespace ds::storage {
namespace {

constexpr std::string_view kMagic = "DSVSNAP1";

/// What of a spec the index's structure depends on.
std::string spec_text(const VectorSpaceSpec& spec) {
  return spec.name + "\n" + std::to_string(spec.dim) + "\n" + std::string(to_string(spec.metric)) +
         "\n" + spec.index + "\n" + std::to_string(spec.ef_construction.value_or(0));
}

Error os_error(const std::filesystem::path& path, const char* what) {
  return make_error(errc::io_error, path.string() + ": " + what + ": " + std::strerror(errno));
}

/// Writes `bytes` to `path` and fsyncs it.
Result<void> write_synced(const std::filesystem::path& path, const std::string& bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return os_error(path, "open");
  std::size_t done = 0;
  while (done < bytes.size()) {
    auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      auto error = os_error(path, "write");
      ::close(fd);
      return error;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    auto error = os_error(path, "fsync");
    ::close(fd);
    return error;
  }
  if (::close(fd) != 0) return os_error(path, "close");
  return {};
}

Result<void> sync_folder(const std::filesystem::path& folder) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return os_error(folder, "open folder");
  int synced = ::fsync(fd);
  ::close(fd);
  if (synced != 0) return os_error(folder, "fsync folder");
  return {};
}

}  // namespace

Result<void> write_snapshot(const std::filesystem::path& path, const VectorIndex& index,
                            uint64_t version) {
  std::string bytes(kMagic);
  raw_bytes::put<uint64_t>(bytes, version);
  auto spec = spec_text(index.spec());
  raw_bytes::put<uint32_t>(bytes, static_cast<uint32_t>(spec.size()));
  bytes += spec;
  auto body = index.serialize();
  raw_bytes::put<uint64_t>(bytes, body.size());
  bytes += body;
  raw_bytes::put<uint64_t>(bytes, XXH64(bytes.data(), bytes.size(), 0));
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return make_error(errc::io_error, path.parent_path().string() + ": " + ec.message());
  auto temporary = path;
  temporary += ".tmp";
  if (auto written = write_synced(temporary, bytes); !written) return written;
  if (::rename(temporary.c_str(), path.c_str()) != 0) return os_error(path, "rename");
  return sync_folder(path.parent_path());
}

Result<LoadedSnapshot> read_snapshot(const std::filesystem::path& path,
                                     const VectorSpaceSpec& spec) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(errc::not_found, path.string() + ": no snapshot");
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto corrupt = [&](const std::string& what) {
    return make_error(errc::io_error, path.string() + ": " + what);
  };
  if (bytes.size() < kMagic.size() + 8 + 4 + 8 + 8 || !bytes.starts_with(kMagic))
    return corrupt("not a snapshot, or cut short");
  uint64_t checksum = 0;
  std::memcpy(&checksum, bytes.data() + bytes.size() - 8, 8);
  if (XXH64(bytes.data(), bytes.size() - 8, 0) != checksum) return corrupt("checksum mismatch");
  std::string_view rest(bytes.data() + kMagic.size(), bytes.size() - kMagic.size() - 8);
  LoadedSnapshot out;
  uint32_t spec_length = 0;
  uint64_t body_length = 0;
  if (!raw_bytes::take(rest, out.version) || !raw_bytes::take(rest, spec_length) ||
      rest.size() < spec_length)
    return corrupt("cut short");
  auto written_for = rest.substr(0, spec_length);
  rest.remove_prefix(spec_length);
  if (written_for != spec_text(spec))
    return corrupt("written for another definition of space \"" + spec.name + "\"");
  if (!raw_bytes::take(rest, body_length) || rest.size() != body_length)
    return corrupt("cut short");
  auto index = VectorIndex::deserialize(spec, rest);
  if (!index) return index.error();
  out.index = std::move(index).value();
  return out;
}

}  // namespace ds::storage
