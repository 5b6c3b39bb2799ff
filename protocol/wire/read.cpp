#include "protocol/wire/read.hpp"

#include <string>

namespace ds::wire::detail {

Error malformed(const kj::Exception& e) {
  return make_error(errc::malformed_message,
                    std::string("malformed message: ") + e.getDescription().cStr());
}

Error empty_message() {
  return make_error(errc::malformed_message, "malformed message: the envelope is empty");
}

capnp::ReaderOptions reader_options(const ReadLimits& limits) {
  capnp::ReaderOptions options;
  options.traversalLimitInWords = limits.traversal_limit_words;
  options.nestingLimit = limits.nesting_limit;
  return options;
}

}  // namespace ds::wire::detail
