#include "protocol/codec/vector_requests.hpp"

#include "protocol/wire/build.hpp"
#include "protocol/wire/deadline.hpp"
#include "schema/gateway.capnp.h"

namespace ds::protocol {

wire::Envelope upsert_request(const std::string& space, const std::vector<std::string>& keys,
                              const std::vector<float>& rows, uint64_t request_id,
                              std::chrono::system_clock::time_point deadline) {
  return wire::build<schema::VectorUpsertRequest>([&](schema::VectorUpsertRequest::Builder r) {
    auto header = r.initHeader();
    header.setRequestId(request_id);
    header.setDeadlineUnixMicros(wire::unix_micros(deadline));
    r.setSpace(space);
    auto list = r.initKeys(static_cast<unsigned>(keys.size()));
    for (unsigned i = 0; i < keys.size(); ++i)
      list.set(i, keys[i]);
    auto numbers = r.initRows(static_cast<unsigned>(rows.size()));
    for (unsigned i = 0; i < rows.size(); ++i)
      numbers.set(i, rows[i]);
  });
}

}  // namespace ds::protocol
