#pragma once

// Vectors as the gateway's VectorUpsertRequest message: one builder for the
// SDK, the HTTP API and the demo's text space.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "protocol/wire/envelope.hpp"

namespace ds::protocol {

/// `keys.size()` vectors of `space`, `rows` holding them row after row.
wire::Envelope upsert_request(const std::string& space, const std::vector<std::string>& keys,
                              const std::vector<float>& rows, uint64_t request_id,
                              std::chrono::system_clock::time_point deadline);

}  // namespace ds::protocol
