#include "storage/graph/rocks_error.hpp"

#include <string>

namespace ds::storage {

Error from_rocks(const rocksdb::Status& status, std::string_view what) {
  auto code = status.IsInvalidArgument() ? errc::invalid_argument
              : status.IsNotSupported()  ? errc::not_supported
              : status.IsBusy() || status.IsTryAgain() || status.IsTimedOut() ? errc::unavailable
                                                                              : errc::io_error;
  return make_error(code, std::string(what) + ": " + status.ToString());
}

Result<void> check(const rocksdb::Status& status, std::string_view what) {
  if (status.ok()) return {};
  return from_rocks(status, what);
}

}  // namespace ds::storage
